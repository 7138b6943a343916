export interface SearchHit {
  id: string;
  score: number;
}

/**
 * Searches with the caller's signal (a newer keystroke cancels the old query) combined with a hard 5 s deadline.
 */
export async function search(query: string, signal: AbortSignal): Promise<SearchHit[]> {
  const res = await fetch(`https://search.internal/q?text=${encodeURIComponent(query)}`, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]),
  });
  if (!res.ok) throw new Error(`search answered ${res.status}`);
  return (await res.json()) as SearchHit[];
}

export function createSearcher() {
  let current: AbortController | undefined;
  return async (query: string): Promise<SearchHit[] | undefined> => {
    current?.abort(new Error('superseded by a newer query'));
    const controller = new AbortController();
    current = controller;
    try {
      return await search(query, controller.signal);
    } catch (err) {
      if (controller.signal.aborted) return undefined;
      throw err;
    }
  };
}
