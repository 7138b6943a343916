/**
 * verify_api for the project's own dependencies: a symbol whose first segment names an installed npm package or a
 * package in the project's virtualenv is answered from that installed version; anything else goes to the catalog.
 */
import { catalogLanguageOf } from '../catalog/index.js';
import type { InstalledLimits, PackageVerdict, ReadStats } from './installed.js';
import { verifyNpmSymbol } from './npm-api.js';
import { verifyPythonSymbol } from './python-api.js';
import { verifyNugetSymbol } from './nuget-api.js';
import { verifyRustSymbol } from './rust-api.js';

export interface InstalledQuery {
  language: string;
  symbol: string;
  /** The folder whose dependencies answer (a project folder or a file's folder). */
  from: string;
  /** The root: nothing above it is read. */
  stopAt?: string;
  limits?: InstalledLimits;
}

/** The installed package's verdict, or undefined when the symbol names no dependency of the project. */
export async function verifyInstalled(q: InstalledQuery): Promise<(PackageVerdict & { stats?: ReadStats }) | undefined> {
  const language = catalogLanguageOf(q.language);
  if (language === 'python') return verifyPythonSymbol(q);
  if (language === 'javascript' || language === 'node') return verifyNpmSymbol({ ...q, language });
  if (language === 'rust') return verifyRustSymbol(q);
  if (language === 'csharp') return verifyNugetSymbol(q);
  return undefined;
}
