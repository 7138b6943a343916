import { generateKeyPair, generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

// Generated once when the module loads, before any request is served.
export const bootstrapKeys = generateKeyPairSync('ed25519');

export async function rotateSigningKey(dir: string): Promise<void> {
  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 4096,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  await writeFile(`${dir}/signing.pub.pem`, publicKey);
  await writeFile(`${dir}/signing.key.pem`, privateKey, { mode: 0o600 });
}

export function onRotateRequest(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    setImmediate(() => {
      rotateSigningKey(dir).then(resolve, reject);
    });
  });
}
