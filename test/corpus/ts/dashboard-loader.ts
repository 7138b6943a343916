interface Profile { id: string; name: string }
interface Stats { visits: number; sales: number }
interface Alert { id: string; text: string }

const base = 'https://dash.internal/api';

async function getJson<T>(path: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(`${base}${path}`, { signal });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as T;
}

/** Three independent requests, started together; the literal triple bounds the fan-out. */
export async function loadDashboard(userId: string) {
  const signal = AbortSignal.timeout(4_000);
  const [profile, stats, alerts] = await Promise.all([
    getJson<Profile>(`/users/${userId}`, signal),
    getJson<Stats>(`/users/${userId}/stats`, signal),
    getJson<Alert[]>(`/users/${userId}/alerts`, signal),
  ]);
  return { profile, stats, alerts };
}

const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'] as const;

export async function regionHealth(): Promise<Record<string, boolean>> {
  const signal = AbortSignal.timeout(3_000);
  const results = await Promise.all(
    REGIONS.map((r) =>
      getJson<{ ok: boolean }>(`/health/${r}`, signal).then(
        (h) => h.ok,
        (err: unknown) => {
          console.warn(`health check for ${r} failed`, err);
          return false;
        },
      ),
    ),
  );
  return Object.fromEntries(REGIONS.map((r, i) => [r, results[i] ?? false]));
}
