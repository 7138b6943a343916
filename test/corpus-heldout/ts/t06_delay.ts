// target: node 18
import { once } from "node:events";
import { readFile } from "node:fs";
import * as timersPromises from "node:timers/promises";
import type { Socket } from "node:net";

export function delay(ms: number): Promise<void> {
  // the arrow returns setTimeout's handle to the executor: ignored, harmless
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const templates = new Map<string, string>();

export function loadTemplate(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hit = templates.get(path);
    if (hit !== undefined) {
      return hit; // expect: promise-executor-return
    }
    readFile(path, "utf8", (err, text) => {
      if (err) return reject(err);
      templates.set(path, text);
      resolve(text);
    });
  });
}

export async function writeAll(sock: Socket, chunks: Buffer[]): Promise<void> {
  for (const c of chunks) {
    if (!sock.write(c)) {
      await once(sock, "drain");
    }
  }
}

export function deferred<T>() {
  return Promise.withResolvers<T>(); // expect: too-new-api
}

export async function pause(ms: number): Promise<void> {
  await timersPromises.sleep(ms); // expect: hallucinated-api
}
