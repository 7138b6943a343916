export interface ServerEvent {
  event: string;
  data: string;
}

/** Reads a server-sent event stream until the caller aborts; idle streams are cut after 60 s of silence. */
export async function* readEvents(url: string, signal: AbortSignal): AsyncGenerator<ServerEvent> {
  const idle = new AbortController();
  let idleTimer = setTimeout(() => idle.abort(new Error('event stream idle for 60 s')), 60_000);
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream' },
    signal: AbortSignal.any([signal, idle.signal]),
  });
  if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for await (const chunk of res.body) {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => idle.abort(new Error('event stream idle for 60 s')), 60_000);
      buffered += decoder.decode(chunk, { stream: true });
      let sep: number;
      while ((sep = buffered.indexOf('\n\n')) !== -1) {
        const block = buffered.slice(0, sep);
        buffered = buffered.slice(sep + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
        yield { event, data };
      }
    }
  } finally {
    clearTimeout(idleTimer);
  }
}
