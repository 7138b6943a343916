import { pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
const ITERATIONS = 210_000;

interface StoredHash {
  salt: string;
  hash: string;
}

export async function hashPassword(password: string): Promise<StoredHash> {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256'); // expect: blocking-call-in-async
  return { salt: salt.toString('hex'), hash: hash.toString('hex') };
}

export async function verifyPassword(password: string, stored: StoredHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'hex');
  const actual = await pbkdf2Async(password, Buffer.from(stored.salt, 'hex'), ITERATIONS, 32, 'sha256');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
