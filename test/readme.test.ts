import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// Renders from dist/ (built by `npm test`'s pretest step), the same code the update script runs.
import { applyBlocks, renderBlocks } from '../scripts/readme-blocks.mjs';

describe('README generated blocks', () => {
  it('match the templates, their verification records and the rule modules', async () => {
    const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
    expect(applyBlocks(readme, await renderBlocks()), 'run `npm run readme:update`').toBe(readme);
  });
});
