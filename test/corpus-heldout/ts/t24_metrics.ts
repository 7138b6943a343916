// target: node 18
import { readFile } from "node:fs/promises";

interface Sample {
  name: string;
  value: number;
}

export async function collect(files: string[]): Promise<Sample[]> {
  const texts = await Array.fromAsync(files, (f) => readFile(f, "utf8")); // expect: too-new-api
  return texts.flatMap((t) =>
    t
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [name, value] = line.split(" ");
        return { name, value: Number(value) };
      }),
  );
}

export function push(samples: Sample[], endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (samples.length === 0) {
      return Promise.resolve(); // expect: promise-executor-return
    }
    fetch(endpoint, { method: "POST", body: JSON.stringify(samples), signal: AbortSignal.timeout(5000) })
      .then((r) => (r.ok ? resolve() : reject(new Error(String(r.status)))))
      .catch(reject);
  });
}

/** Sends the same samples to the primary and every replica collector. */
export async function pushEverywhere(samples: Sample[], endpoints: string[]): Promise<void> {
  for (const ep of endpoints) {
    await push(samples, ep); // expect: await-in-loop
  }
}
