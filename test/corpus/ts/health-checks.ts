interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

async function checkHttp(name: string, url: string): Promise<CheckResult> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return { name, ok: res.ok, detail: `status ${res.status}` };
}

const CHECKS = [
  () => checkHttp('api', 'http://127.0.0.1:8080/healthz'),
  () => checkHttp('search', 'http://127.0.0.1:9200/_cluster/health'),
  () => checkHttp('cache', 'http://127.0.0.1:8081/ping'),
];

/** Runs the three fixed checks together; a failed check is reported, not thrown. */
export async function healthReport(): Promise<CheckResult[]> {
  const settled = await Promise.allSettled(CHECKS.map((check) => check()));
  return settled.map((s, i) =>
    s.status === 'fulfilled' ? s.value : { name: `check-${i}`, ok: false, detail: String(s.reason) },
  );
}
