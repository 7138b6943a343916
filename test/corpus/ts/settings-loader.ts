import { readFile } from 'node:fs/promises';

export interface Settings {
  theme: 'light' | 'dark';
  locale: string;
  retries: number;
}

const DEFAULTS: Settings = { theme: 'light', locale: 'en', retries: 3 };

export async function loadSettings(path: string): Promise<Settings> {
  try {
    const raw = await readFile(path, 'utf8');
    return { ...DEFAULTS, ...(JSON.parse(raw) as Partial<Settings>) };
  } catch { // expect: swallowed-error
    return DEFAULTS;
  }
}

export async function loadOptionalSettings(path: string): Promise<Settings> {
  try {
    const raw = await readFile(path, 'utf8');
    return { ...DEFAULTS, ...(JSON.parse(raw) as Partial<Settings>) };
  } catch (err) {
    // A missing file means "use the defaults"; anything else (bad JSON, permissions) is a real error.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULTS;
    throw err;
  }
}

export async function saveSettingsBestEffort(path: string, s: Settings): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  try {
    await writeFile(path, JSON.stringify(s, null, 2));
  } catch (err) {} // expect: swallowed-error
}
