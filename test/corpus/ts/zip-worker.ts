import { createGzip } from 'node:zlib';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** Compresses a file as a stream; nothing blocks the event loop and back-pressure is handled by pipeline. */
export async function gzipFile(src: string, dest: string, signal: AbortSignal): Promise<void> {
  await pipeline(createReadStream(src), createGzip({ level: 6 }), createWriteStream(dest), { signal });
}

/** Upper-cases a text stream line by line, counting bytes as they pass. */
export async function upperCase(src: string, dest: string): Promise<number> {
  let bytes = 0;
  const upper = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(null, chunk.toString('utf8').toUpperCase());
    },
  });
  await pipeline(createReadStream(src), upper, createWriteStream(dest));
  return bytes;
}
