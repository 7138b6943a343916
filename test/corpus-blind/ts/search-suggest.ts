export interface Suggestion {
  text: string;
  score: number;
}

export class SuggestClient {
  private controller: AbortController | null = null;

  constructor(private readonly endpoint: string, private readonly timeoutMs = 2_000) {}

  async suggest(prefix: string): Promise<Suggestion[]> {
    // A newer keystroke cancels the previous request; a timer bounds each one.
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const timer = setTimeout(() => controller.abort(new Error('suggest timed out')), this.timeoutMs);
    try {
      const res = await fetch(`${this.endpoint}?q=${encodeURIComponent(prefix)}`, { signal: controller.signal });
      if (!res.ok) throw new Error(`suggest: HTTP ${res.status}`);
      return (await res.json()) as Suggestion[];
    } catch (err) {
      if (controller.signal.aborted && this.controller !== controller) return [];
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
