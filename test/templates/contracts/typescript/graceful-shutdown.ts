import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type * as Template from '../../../../templates/typescript/graceful-shutdown.js';
import { rejection, sleep, track, untilAborted, type Scenario } from './harness.js';

/** A task that runs `ms` or until aborted (then rejects). */
const job = (ms: number, log: string[], name: string) => (signal: AbortSignal) =>
  Promise.race([sleep(ms).then(() => void log.push(`${name} finished`)), untilAborted(signal, () => log.push(`${name} aborted`))]);

/** A task that swallows the abort and keeps going forever (a loop that catches everything). */
const stubborn = (log: string[]) => async (signal: AbortSignal) => {
  signal.addEventListener('abort', () => log.push('stubborn ignored the abort'), { once: true });
  for (;;) await sleep(1_000);
};

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  afterSignalMs: number;
  output: string;
}

/**
 * Runs `script` (an ES module body that imports the template from `templateUrl`) in a child Node, waits for it to
 * print "ready", sends `signals` (the second `gapMs` after the first) and reports how it ended. Real time.
 */
function runChild(templateUrl: string, script: string, signals: NodeJS.Signals[], gapMs = 100): Promise<ChildRun> {
  const source = `import * as t from ${JSON.stringify(templateUrl)};\n${script}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let sentAt = 0;
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (sentAt === 0 && output.includes('ready')) {
        sentAt = Date.now();
        child.kill(signals[0]);
        if (signals[1]) setTimeout(() => child.kill(signals[1]), gapMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, afterSignalMs: Date.now() - sentAt, output });
    });
  });
}

export default function scenarios(t: typeof Template): Scenario[] {
  const { GracefulShutdown, ShuttingDownError } = t;
  return [
    {
      item: 'stops-intake',
      title: 'a submission after shutdown began is refused; the two jobs in flight finish',
      async run({ clock }) {
        const lifecycle = new GracefulShutdown();
        const log: string[] = [];
        const jobs = [lifecycle.track(job(10, log, 'a')), lifecycle.track(job(20, log, 'b'))].map(track);
        const done = track(lifecycle.shutdown(100));
        assert.ok((await rejection(lifecycle.track(job(1, log, 'late')))) instanceof ShuttingDownError);
        await clock.tick(20);
        assert.deepEqual(log, ['a finished', 'b finished']);
        assert.ok(jobs.every((j) => j.fulfilled));
        assert.equal(done.value?.drained, true);
      },
    },
    {
      item: 'drains-before-deadline',
      title: 'jobs of 10 and 50 ms under a 100 ms deadline: none aborted, drained, nothing cancelled, no timer left',
      async run({ clock }) {
        const lifecycle = new GracefulShutdown();
        const log: string[] = [];
        void lifecycle.track(job(10, log, 'a'));
        void lifecycle.track(job(50, log, 'b'));
        const done = track(lifecycle.shutdown(100, { graceMs: 100 }));
        await clock.tick(50);
        assert.deepEqual(done.value, { drained: true, abandoned: 0, stragglers: [], hookErrors: [] });
        assert.deepEqual(log, ['a finished', 'b finished']);
        assert.equal(lifecycle.signal.aborted, false);
        assert.equal(clock.pending(), 0);
      },
    },
    {
      item: 'cancels-at-deadline',
      title: 'a 10 s job under a 100 ms deadline is aborted at 100 ms, cleans up, and is reported as abandoned',
      async run({ clock }) {
        const lifecycle = new GracefulShutdown();
        const log: string[] = [];
        const long = track(lifecycle.track(job(10_000, log, 'long')));
        const done = track(lifecycle.shutdown(100, { graceMs: 1_000 }));
        await clock.tick(99);
        assert.deepEqual(log, []);
        await clock.tick(1);
        assert.deepEqual(log, ['long aborted']);
        await long.promise;
        assert.equal(long.fulfilled, false);
        assert.deepEqual(done.value, { drained: false, abandoned: 1, stragglers: [], hookErrors: [] });
      },
    },
    {
      item: 'bounded-second-wait',
      title: 'a job that swallows the abort and a stop hook that never returns: shutdown still returns at deadline + grace',
      async run({ clock }) {
        const lifecycle = new GracefulShutdown();
        const log: string[] = [];
        lifecycle.onStop(() => new Promise<void>(() => {})); // a server.close() whose connections never end
        void lifecycle.track(stubborn(log));
        const done = track(lifecycle.shutdown(100, { graceMs: 200 }));
        await clock.tick(299);
        assert.equal(done.settled, false);
        await clock.tick(1);
        assert.equal(done.settled, true, 'shutdown hung on work that ignores the abort');
        assert.deepEqual(log, ['stubborn ignored the abort']);
        assert.deepEqual(done.value?.stragglers.sort(), ['stop hook 1', 'task 1']);
      },
    },
    {
      item: 'stragglers-reported',
      title: 'the job that swallows the abort is reported by name; the one that stopped is not',
      async run({ clock }) {
        const lifecycle = new GracefulShutdown();
        const log: string[] = [];
        void lifecycle.track(stubborn(log), 'import batch 7');
        void lifecycle.track(job(10_000, log, 'polite'), 'polite request').catch(() => undefined);
        const done = track(lifecycle.shutdown(100, { graceMs: 200 }));
        await clock.tick(300);
        assert.deepEqual(done.value, { drained: false, abandoned: 2, stragglers: ['import batch 7'], hookErrors: [] });
      },
    },
    {
      item: 'hard-exit-fallback',
      title: 'a child process with a job that swallows the abort exits 1 after SIGTERM; a clean one exits 0',
      clock: 'real',
      async run({ templateUrl }) {
        const common = `const lifecycle = new t.GracefulShutdown();
t.exitOnTermination(lifecycle, { deadlineMs: 100, graceMs: 100, onResult: (r) => console.log(JSON.stringify(r)) });`;
        const stuck = await runChild(
          templateUrl,
          `${common}
lifecycle.track(async () => { for (;;) { try { await new Promise((r) => setTimeout(r, 1000)); } catch {} } }, 'stuck job');
console.log('ready');`,
          ['SIGTERM'],
        );
        assert.equal(stuck.code, 1, stuck.output);
        assert.match(stuck.output, /"stragglers":\["stuck job"\]/);
        assert.ok(stuck.afterSignalMs < 5_000, `took ${stuck.afterSignalMs} ms`);
        const clean = await runChild(
          templateUrl,
          `${common}
lifecycle.track((signal) => new Promise((resolve) => { const t = setTimeout(resolve, 60000); signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }); }));
console.log('ready');`,
          ['SIGTERM'],
        );
        assert.equal(clean.code, 0, clean.output);
      },
    },
    {
      item: 'second-signal-forces-exit',
      title: 'a child with a 60 s drain deadline gets SIGTERM twice: it ends at once, not with status 0',
      clock: 'real',
      async run({ templateUrl }) {
        const run = await runChild(
          templateUrl,
          `const lifecycle = new t.GracefulShutdown();
t.exitOnTermination(lifecycle, { deadlineMs: 60000, graceMs: 1000 });
lifecycle.track((signal) => new Promise((resolve) => { const t = setTimeout(resolve, 120000); signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }); }));
console.log('ready');`,
          ['SIGTERM', 'SIGTERM'],
        );
        assert.ok(run.signal === 'SIGTERM' || (run.code !== null && run.code !== 0), `${run.code} ${run.signal} ${run.output}`);
        assert.ok(run.afterSignalMs < 5_000, `took ${run.afterSignalMs} ms after the first signal`);
      },
    },
  ];
}
