import pLimit from 'p-limit';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

const limit = pLimit(4);

async function makeThumbnail(src: string, outDir: string): Promise<string> {
  const dest = path.join(outDir, `thumb-${path.basename(src)}`);
  await sharp(src).resize({ width: 320 }).toFile(dest);
  return dest;
}

export async function thumbnailDirectory(srcDir: string, outDir: string): Promise<string[]> {
  const entries = await readdir(srcDir, { withFileTypes: true });
  const images = entries
    .filter((e) => e.isFile() && /\.(jpe?g|png|webp)$/i.test(e.name))
    .map((e) => path.join(srcDir, e.name));
  return Promise.all(images.map((file) => limit(() => makeThumbnail(file, outDir))));
}

export function pendingThumbnails(): number {
  // p-limit exposes how many calls wait for a slot and how many run now.
  return limit.pendingCount + limit.activeCount;
}
