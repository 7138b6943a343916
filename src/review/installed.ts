/**
 * The project's installed third-party packages, for the reviewers: a lookup that answers a qualified symbol
 * (`httpx.AsyncClient`) from the version installed around a reviewed file, never above its root. Language folders
 * reach the workspace only through here.
 */
import { dirname } from 'node:path';
import type { PackageVerdict } from '../workspace/installed.js';
import { verifyInstalled } from '../workspace/packages.js';

export type { PackageVerdict };

export type InstalledLookup = (symbol: string) => Promise<PackageVerdict | undefined>;

/** Symbols of the project around `file`, answered by its installed packages (undefined: not a dependency). */
export function installedLookup(language: 'python' | 'javascript' | 'rust' | 'csharp', file: string, root?: string): InstalledLookup {
  return (symbol) => verifyInstalled({ language, symbol, from: dirname(file), ...(root ? { stopAt: root } : {}) });
}

/** "httpx 0.23.3 as installed (.venv/.../_client.py)": what a finding about a third-party API rests on. */
export function installedDetail(v: PackageVerdict): string {
  const file = v.provenance?.[0]?.file;
  return `${v.package.name} ${v.package.version} as installed${file ? ` (${file})` : ''}`;
}

export { packageOfFile } from '../workspace/npm-api.js';
