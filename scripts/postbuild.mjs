// After tsc: make the bin executable (npm links it, and a missing x bit breaks `npx async-expert-mcp`), and copy
// the JSON data that src/ modules load at run time (src/**/data/*.json) next to the compiled JavaScript.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist', 'cli.js');
if (existsSync(bin)) chmodSync(bin, 0o755);

function copyData(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      copyData(full);
    } else if (entry.isFile() && path.basename(dir) === 'data' && entry.name.endsWith('.json')) {
      const target = path.join(root, 'dist', path.relative(path.join(root, 'src'), full));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(full, target);
    }
  }
}
copyData(path.join(root, 'src'));
