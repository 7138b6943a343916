import { promises as fs } from "node:fs";
import path from "node:path";

/** Reads optional per-user overrides. A missing file is the normal case and
 * becomes `undefined`; every other error (bad JSON, permissions) propagates. */
export async function readOverrides(dir: string, user: string): Promise<Record<string, unknown> | undefined> {
  const file = path.join(dir, `${user}.json`);
  let raw: string;
  try {
    raw = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  return JSON.parse(raw) as Record<string, unknown>;
}

/** Returns the promise from inside try: awaited, so a rejection is caught here. */
export async function readOrDefault(file: string, fallback: string): Promise<string> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return fallback;
    throw err;
  }
}

export async function readMany(dir: string, users: string[]) {
  const batch = users.slice(0, 5);
  return Promise.all(batch.map((u) => readOverrides(dir, u)));
}
