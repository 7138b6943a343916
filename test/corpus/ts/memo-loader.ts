interface Doc {
  id: string;
  body: string;
}

async function loadDoc(id: string): Promise<Doc> {
  const res = await fetch(`https://docs.internal/docs/${id}`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`doc ${id} answered ${res.status}`);
  return (await res.json()) as Doc;
}

const docs = new Map<string, Doc>();

export async function getDocRacy(id: string): Promise<Doc> {
  if (!docs.has(id)) {
    const doc = await loadDoc(id);
    docs.set(id, doc); // expect: race-condition
  }
  return docs.get(id)!;
}

// Caches the promise, not the value: concurrent callers share one load, and a failure is evicted.
const inflight = new Map<string, Promise<Doc>>();

export function getDoc(id: string): Promise<Doc> {
  let p = inflight.get(id);
  if (!p) {
    p = loadDoc(id);
    inflight.set(id, p);
    p.catch(() => inflight.delete(id));
  }
  return p;
}
