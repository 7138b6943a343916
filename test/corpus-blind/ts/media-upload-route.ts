import Fastify from 'fastify';
import multipart from '@fastify/multipart';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

const app = Fastify({ logger: true });
await app.register(multipart);

const UPLOAD_DIR = process.env.UPLOAD_DIR ?? '/var/uploads';

interface SharedLinkBody {
  fileIds: string[];
  password: string;
}

async function signLink(fileId: string): Promise<string> {
  const res = await fetch(`https://links.internal/sign/${encodeURIComponent(fileId)}`, {
    method: 'POST',
    signal: AbortSignal.timeout(3_000),
  });
  const { url } = (await res.json()) as { url: string };
  return url;
}

app.post('/upload', async (request) => {
  const file = await request.file();
  if (!file) return { ok: false };
  const buffer = await file.toBuffer();
  const name = `${Date.now()}-${path.basename(file.filename)}`;
  await writeFile(path.join(UPLOAD_DIR, name), buffer);
  return { ok: true, name };
});

app.post<{ Body: SharedLinkBody }>('/share', async (request) => {
  const { fileIds, password } = request.body;
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, 310_000, 32, 'sha256'); // expect: blocking-call-in-async
  const links = await Promise.all(fileIds.map((id) => signLink(id))); // expect: unbounded-concurrency
  return { links, salt: salt.toString('hex'), hash: hash.toString('hex') };
});

await app.listen({ port: 3000 });
