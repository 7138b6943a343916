import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

export interface Settings {
  theme: 'light' | 'dark';
  telemetry: boolean;
  recentProjects: string[];
}

const DEFAULTS: Settings = { theme: 'dark', telemetry: false, recentProjects: [] };
const SETTINGS_FILE = path.join(homedir(), '.config', 'devtool', 'settings.json');

export async function readSettings(file = SETTINGS_FILE): Promise<Settings> {
  try {
    const text = await readFile(file, 'utf8');
    return { ...DEFAULTS, ...(JSON.parse(text) as Partial<Settings>) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULTS };
    throw err;
  }
}

export async function addRecentProject(project: string, file = SETTINGS_FILE): Promise<Settings> {
  const settings = await readSettings(file);
  const recent = [project, ...settings.recentProjects.filter((p) => p !== project)].slice(0, 10);
  const next = { ...settings, recentProjects: recent };
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(next, null, 2));
  } catch (err) {
    console.error(`could not save settings to ${file}`);
    throw err;
  }
  return next;
}
