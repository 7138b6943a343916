import fs from 'node:fs';
import { readFile } from 'node:fs/promises';

interface AppConfig {
  port: number;
  featureFlags: Record<string, boolean>;
}

// Start-up: reading the config synchronously before the server listens is fine.
let current: AppConfig = JSON.parse(fs.readFileSync(process.env.CONFIG_PATH ?? './config.json', 'utf8'));

export function config(): AppConfig {
  return current;
}

export async function reloadConfig(path: string): Promise<AppConfig> {
  if (!fs.existsSync(path)) { // expect: blocking-call-in-async
    throw new Error(`config file ${path} does not exist`);
  }
  const text = fs.readFileSync(path, 'utf8'); // expect: blocking-call-in-async
  current = JSON.parse(text) as AppConfig;
  return current;
}

export async function reloadConfigFixed(path: string): Promise<AppConfig> {
  const text = await readFile(path, 'utf8');
  current = JSON.parse(text) as AppConfig;
  return current;
}
