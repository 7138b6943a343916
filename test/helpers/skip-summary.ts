// vitest globalSetup: gives the test workers a file to record their skips in (test/helpers/toolchain.ts appends one
// JSON line per skip) and, when the run ends, prints what was skipped for a missing toolchain or input, grouped by
// what is missing. A globalSetup rather than a reporter: it runs whatever --reporter is chosen. The workers are
// forked after this runs and inherit the variable.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatSkipSummary, SKIP_LOG_VARIABLE, type SkipRecord } from './toolchain.js';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'async-expert-skips-'));
  const log = path.join(dir, 'skips.jsonl');
  process.env[SKIP_LOG_VARIABLE] = log;
  return () => {
    const records = existsSync(log)
      ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SkipRecord)
      : [];
    rmSync(dir, { recursive: true, force: true });
    console.log(`\n${formatSkipSummary(records) || 'Skipped for a missing toolchain or input: nothing (every toolchain and pinned input was present).'}\n`);
  };
}
