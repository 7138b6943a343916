import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Counts status codes in an access log. `for await` reads the file one line at a time on purpose:
 * the stream delivers lines in order and back-pressure keeps memory flat.
 */
export async function countStatuses(file) {
  const counts = new Map();
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    const status = line.split(' ')[8];
    if (!status) continue;
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return counts;
}

export async function firstErrorLine(file) {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const line of rl) {
      if (line.includes(' 500 ')) return line;
    }
    return undefined;
  } finally {
    rl.close();
  }
}
