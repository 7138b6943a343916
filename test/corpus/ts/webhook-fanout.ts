interface Subscriber {
  id: string;
  url: string;
}

interface Event {
  type: string;
  payload: unknown;
}

async function listSubscribers(eventType: string): Promise<Subscriber[]> {
  const res = await fetch(`https://hooks.internal/subscribers?type=${eventType}`, {
    signal: AbortSignal.timeout(5_000),
  });
  return (await res.json()) as Subscriber[];
}

async function deliver(sub: Subscriber, event: Event): Promise<number> {
  const res = await fetch(sub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
    signal: AbortSignal.timeout(10_000),
  });
  return res.status;
}

export async function publish(event: Event): Promise<number> {
  const subscribers = await listSubscribers(event.type);
  // One request per subscriber, all at once: thousands of subscribers means thousands of sockets.
  const results = await Promise.allSettled(subscribers.map((s) => deliver(s, event))); // expect: unbounded-concurrency
  return results.filter((r) => r.status === 'fulfilled').length;
}
