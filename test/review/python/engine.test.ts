import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON_RULE_IDS, reviewPython } from '../../../src/review/python/index.js';
import { py } from './helpers.js';

const review = (code: string, extra: { rules?: string[]; target?: { python?: string } } = {}) =>
  reviewPython({ code, language: 'python', ...extra });

describe('reviewPython engine', () => {
  it('returns the shared result shape with the engine and the default target', async () => {
    const r = await review('import asyncio\n');
    expect(r.findings).toEqual([]);
    expect(r.reviewedWith).toEqual({ engine: 'tree-sitter-python', target: { python: '3.11' } });
    expect(r.summary).toEqual({ byRule: {}, bySeverity: { error: 0, warning: 0, info: 0 }, suppressed: 0 });
  });

  it('fills every finding field with 1-based positions', async () => {
    const r = await review(py`
      import time

      async def f():
          time.sleep(1)
    `);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f).toMatchObject({ ruleId: 'blocking-call-in-async', severity: 'error', line: 4, column: 5, endLine: 4, endColumn: 18, confidence: 'high', patternId: 'offload-blocking' });
    expect(f.docsUri).toBe('skill://async-expert/rules/python/blocking-call-in-async.md');
    expect(f.suggestion).toBe('await asyncio.sleep(1)');
    expect(r.summary.byRule).toEqual({ 'blocking-call-in-async': 1 });
  });

  it('honours disable-next-line and disable-line, and counts them', async () => {
    const r = await review(py`
      import time

      async def f():
          # async-expert-disable-next-line blocking-call-in-async -- start-up only
          time.sleep(1)
          time.sleep(2)  # async-expert-disable-line -- every rule on this line
          time.sleep(3)  # async-expert-disable-line dangling-task -- another rule: not silenced
    `);
    expect(r.findings.map((f) => f.line)).toEqual([7]);
    expect(r.summary.suppressed).toBe(2);
  });

  it('runs only the selected rules and rejects unknown ids naming the known ones', async () => {
    const code = 'import asyncio, time\nasync def f():\n    time.sleep(1)\n    asyncio.create_task(g())\n';
    const r = await review(code, { rules: ['dangling-task'] });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['dangling-task']);
    await expect(review(code, { rules: ['no-such-rule'] })).rejects.toThrow(/Unknown Python rule id "no-such-rule"\. Known: blocking-call-in-async/);
  });

  it('reports syntax errors as info and still reviews what was recovered', async () => {
    const r = await review(py`
      import time

      async def f():
          time.sleep(1)

      def broken(:
          pass
    `);
    expect(r.findings.some((f) => f.ruleId === 'syntax-error' && f.severity === 'info')).toBe(true);
    expect(r.findings.some((f) => f.ruleId === 'blocking-call-in-async' && f.line === 4)).toBe(true);
  });

  it('never crashes on odd input', async () => {
    for (const code of ['', '\u0000\u0001', ')))(((', 'async def', 'x = "' + 'a'.repeat(10_000), '\t\t\n\r\n', '🙂 = 1']) {
      const r = await review(code);
      expect(Array.isArray(r.findings)).toBe(true);
    }
  });

  it('survives pathological nesting and very long chains', async () => {
    const chain = `async def f():\n    x = a${'.b'.repeat(20_000)}()\n`;
    const nested = `async def g():\n    y = ${'['.repeat(3_000)}1${']'.repeat(3_000)}\n`;
    const deep = Array.from({ length: 200 }, (_, i) => `${'    '.repeat(i)}async def h${i}():\n`).join('') + `${'    '.repeat(200)}pass\n`;
    for (const code of [chain, nested, deep]) {
      const r = await review(code);
      expect(Array.isArray(r.findings)).toBe(true);
    }
  });

  it('never executes the reviewed code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyreview-'));
    const marker = join(dir, 'executed.txt');
    try {
      const r = await review(py`
        import pathlib, os
        pathlib.Path(${JSON.stringify(marker)}).write_text("ran")
        os.system("touch ${marker}")
        open(${JSON.stringify(marker)}, "w").write("ran")
      `);
      expect(r.findings).toEqual([]);
      expect(existsSync(marker)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the target for version checks', async () => {
    const code = 'import asyncio\nasync def f():\n    async with asyncio.timeout(1):\n        pass\n';
    expect((await review(code, { target: { python: '3.10' } })).findings.map((f) => f.ruleId)).toEqual(['too-new-api']);
    expect((await review(code, { target: { python: '3.12' } })).findings).toEqual([]);
  });

  it('exports thirteen rule ids', () => {
    expect(PYTHON_RULE_IDS).toHaveLength(13);
  });
});
