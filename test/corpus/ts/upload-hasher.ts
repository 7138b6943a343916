import { createHash, scryptSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export async function deriveUploadKey(secret: string, uploadId: string): Promise<Buffer> {
  const checksum = await sha256File(`/tmp/uploads/${uploadId}`);
  return scryptSync(secret, checksum, 32); // expect: blocking-call-in-async
}

export async function verifyUpload(uploadId: string, expected: string): Promise<boolean> {
  const actual = await sha256File(`/tmp/uploads/${uploadId}`);
  if (actual !== expected) {
    console.warn(`checksum mismatch for ${uploadId}: expected ${expected}, got ${actual}`);
    return false;
  }
  return true;
}
