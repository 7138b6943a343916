// A small job runner: promise chains, a hand-made deferred and a few invented APIs.
import { setTimeout as sleep } from 'node:timers/promises';
import { readFile } from 'node:fs/promises';

export function loadJobs(path) {
  return new Promise(async (resolve, reject) => {
    const text = await readFile(path, 'utf8');
    resolve(JSON.parse(text));
  });
}

export function runAll(jobs) {
  const { promise, resolve } = Promise.withResolvers();
  let done = 0;
  jobs.forEach(async (job) => {
    await runJob(job);
    done += 1;
    if (done === jobs.length) resolve();
  });
  return promise;
}

async function runJob(job) {
  const res = await fetch(job.url, { timeout: 5000 });
  if (!res.ok) throw new Error(`${job.url}: ${res.status}`);
  await sleep(job.delayMs ?? 0);
  return res.json();
}

export function report(jobs) {
  loadJobs('jobs.json')
    .then((all) => {
      runAll(all);
    })
    .then(() => console.log(`ran ${jobs.length} jobs`));
}

export async function settle(tasks) {
  return Promise.allResolved(tasks);
}
