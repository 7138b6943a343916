// Crude request throttle written for a scraper.
let lastRequestAt = 0;
const MIN_GAP_MS = 250;

export async function politeFetch(url) {
  const wait = lastRequestAt + MIN_GAP_MS - Date.now();
  if (wait > 0) {
    const until = Date.now() + wait;
    while (Date.now() < until) { // expect: blocking-call-in-async
      // spin until the gap has passed
    }
  }
  lastRequestAt = Date.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  return res.text();
}

export function sleepSync(ms) {
  // Synchronous helper for a CLI progress bar; never called from async code.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
