import { writeFile } from 'node:fs/promises';

interface User {
  id: string;
  avatarUrl: string;
}

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`download of ${url} answered ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

async function markRefreshed(userId: string): Promise<void> {
  console.log(`avatar of ${userId} refreshed`);
}

export function refreshAvatar(user: User, dir: string): Promise<void> {
  return download(user.avatarUrl)
    .then((data) => {
      writeFile(`${dir}/${user.id}.png`, data); // expect: broken-promise-chain
    })
    .then(() => markRefreshed(user.id));
}

export function refreshAvatarFixed(user: User, dir: string): Promise<void> {
  return download(user.avatarUrl)
    .then((data) => writeFile(`${dir}/${user.id}.png`, data))
    .then(() => markRefreshed(user.id));
}
