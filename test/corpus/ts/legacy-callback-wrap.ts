import { readFile } from 'node:fs';

interface Manifest {
  name: string;
  version: string;
}

export function readManifest(path: string): Promise<Manifest> {
  return new Promise((resolve, reject) => {
    readFile(path, 'utf8', (err, text) => {
      if (err) return reject(err);
      resolve(JSON.parse(text) as Manifest);
    });
  });
}

const memo = new Map<string, Manifest>();

export function cachedManifest(path: string): Promise<Manifest> {
  return new Promise((resolve, reject) => {
    const hit = memo.get(path);
    if (hit) {
      return hit; // expect: promise-executor-return
    }
    readManifest(path).then((m) => {
      memo.set(path, m);
      resolve(m);
    }, reject);
  });
}

export function parseLater(text: string): Promise<Manifest> {
  return new Promise((resolve) => JSON.parse(text) as Manifest); // expect: promise-executor-return
}
