import { open } from 'node:fs/promises';

const CHUNK = 8 * 1024 * 1024;

/**
 * Uploads a file in chunks to a resumable endpoint. Each PUT must start at the offset the server confirmed for
 * the previous one: the loop carries that offset, so the chunks cannot be sent in parallel.
 */
export async function upload(file: string, sessionUrl: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    let offset = 0;
    while (offset < size) {
      const buf = Buffer.alloc(Math.min(CHUNK, size - offset));
      await handle.read(buf, 0, buf.length, offset);
      const res = await fetch(sessionUrl, {
        method: 'PUT',
        headers: { 'content-range': `bytes ${offset}-${offset + buf.length - 1}/${size}` },
        body: buf,
        signal: AbortSignal.timeout(120_000),
      });
      if (res.status !== 308 && !res.ok) throw new Error(`chunk at ${offset} answered ${res.status}`);
      const range = res.headers.get('range');
      offset = range ? Number(range.split('-')[1]) + 1 : offset + buf.length;
    }
  } finally {
    await handle.close();
  }
}
