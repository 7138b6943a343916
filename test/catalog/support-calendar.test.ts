// The support calendar (src/catalog/data/support-calendar.json) and the default targets drawn from it: on the day
// the catalog was built, every default must be a supported line, no older line may be, and the catalog must know
// the newest line released by then.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTarget, supportCalendar, supportedLines } from '../../src/catalog/index.js';
import { lastDay } from '../../src/catalog/calendar.js';
import { DEFAULT_TARGET } from '../../src/review/index.js';
import { DEFAULT_PYTHON_TARGET } from '../../src/review/python/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const versionsOf = (language: string) =>
  (JSON.parse(readFileSync(path.join(ROOT, `src/catalog/data/${language}.json`), 'utf8')) as { versions: Record<string, string[]> }).versions;
const RUNTIMES = ['node', 'dotnet', 'python', 'tokio'] as const;

describe('support calendar', () => {
  const calendar = supportCalendar();

  it('names a source for every runtime and well-formed dates', () => {
    for (const [runtime, r] of Object.entries(calendar.runtimes)) {
      expect(r.source, runtime).toMatch(/^https:\/\//);
      for (const l of r.lines) {
        expect(l.released, `${runtime} ${l.line}`).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
        expect(l.eol, `${runtime} ${l.line}`).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
        expect(lastDay(l.released) < lastDay(l.eol)).toBe(true);
      }
    }
    expect(calendar.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(RUNTIMES)('%s: the default target is supported on the build date, and no older line is', (runtime) => {
    const target = defaultTarget(runtime);
    const line = calendar.runtimes[runtime]!.lines.find((l) => l.line === target)!;
    expect(lastDay(line.eol) >= calendar.asOf, `${runtime} ${target} ended on ${line.eol}, before ${calendar.asOf}`).toBe(true);
    const older = calendar.runtimes[runtime]!.lines.filter((l) => l !== line && lastDay(l.released) <= lastDay(line.released));
    for (const o of older) expect(lastDay(o.eol) < calendar.asOf, `${runtime} ${o.line} is older and still supported`).toBe(true);
  });

  it('gives the defaults the dates say on 2026-12-05: Node 22, .NET 10, Python 3.11, tokio 1.51', () => {
    const on = (runtime: string) => supportedLines(runtime, '2026-12-05')[0]?.line;
    expect([on('node'), on('dotnet'), on('python'), on('tokio')]).toEqual(['22', '10', '3.11', '1.51']);
    // The calendar moves them, not the code: a day after Node 22's end of life the default is 24.
    expect(supportedLines('node', '2027-05-01')[0]?.line).toBe('24');
    expect(supportedLines('dotnet', '2026-11-01')[0]?.line).toBe('8');
  });

  it('is what the reviewers default to', () => {
    expect(DEFAULT_TARGET.node).toBe(defaultTarget('node'));
    expect(DEFAULT_PYTHON_TARGET).toBe(defaultTarget('python'));
  });

  it('the catalog covers the newest line released by the build date', () => {
    const newest = (runtime: string) => calendar.runtimes[runtime]!.lines.filter((l) => lastDay(l.released) <= calendar.asOf).at(-1)!.line;
    expect(versionsOf('node').node).toContain(newest('node'));
    expect(versionsOf('csharp').dotnet).toContain(newest('dotnet'));
    expect(versionsOf('python').python).toContain(newest('python'));
    expect(versionsOf('rust').tokio).toContain(newest('tokio'));
  });
});
