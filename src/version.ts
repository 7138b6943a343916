import { readFileSync } from 'node:fs';
import { packagePath } from './paths.js';

/** The package's own version, read from package.json so that `--version` and serverInfo never drift. */
export const PACKAGE_VERSION: string = (() => {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error('package.json has no version string');
  return pkg.version;
})();

export const PACKAGE_NAME = 'async-expert-mcp';
