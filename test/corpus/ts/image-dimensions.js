import { createReadStream } from 'node:fs';

/** Reads the first bytes of a PNG and returns its width and height. */
export const pngSize = (file) =>
  new Promise(async (resolve, reject) => { // expect: async-promise-executor
    const stream = createReadStream(file, { start: 16, end: 23 });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const buf = Buffer.concat(chunks);
    if (buf.length < 8) return reject(new Error(`${file} is not a PNG`));
    resolve({ width: buf.readUInt32BE(0), height: buf.readUInt32BE(4) });
  });

export function isThumbnailSized({ width, height }) {
  return width <= 256 && height <= 256;
}

export function aspectRatio({ width, height }) {
  if (height === 0) throw new RangeError('height must be non-zero');
  return width / height;
}
