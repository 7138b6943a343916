#!/usr/bin/env node
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, cp } from 'node:fs/promises';
import { execSync } from 'node:child_process';
import path from 'node:path';

interface BackupConfig {
  source: string;
  destination: string;
  exclude: string[];
}

function loadConfig(file: string): BackupConfig {
  return JSON.parse(readFileSync(file, 'utf8')) as BackupConfig;
}

async function listFiles(dir: string, exclude: string[]): Promise<string[]> {
  const entries = readdirSync(dir, { recursive: true, encoding: 'utf8' }); // expect: blocking-call-in-async
  const files: string[] = [];
  for (const entry of entries) {
    if (exclude.some((pattern) => entry.includes(pattern))) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isFile()) files.push(full); // expect: blocking-call-in-async
  }
  return files;
}

async function snapshotDatabase(dest: string): Promise<void> {
  const dumpFile = path.join(dest, 'db.sql');
  execSync(`pg_dump --file=${dumpFile} ${process.env.PGDATABASE ?? 'app'}`); // expect: blocking-call-in-async
}

async function main(): Promise<void> {
  const config = loadConfig(process.argv[2] ?? 'backup.json');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dest = path.join(config.destination, stamp);
  await mkdir(dest, { recursive: true });

  const files = await listFiles(config.source, config.exclude);
  await cp(config.source, dest, {
    recursive: true,
    filter: (src) => !config.exclude.some((pattern) => src.includes(pattern)),
  });
  await snapshotDatabase(dest);
  console.log(`backed up ${files.length} files to ${dest}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
