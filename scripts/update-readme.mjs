// Regenerates the README's generated blocks (pattern table, rules index). Run after `npm run build`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyBlocks, renderBlocks } from './readme-blocks.mjs';

const readmePath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
writeFileSync(readmePath, applyBlocks(readFileSync(readmePath, 'utf8'), await renderBlocks()));
console.log('README.md: generated blocks updated');
