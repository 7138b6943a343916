// target: node 16
import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";
import { readFile } from "node:fs/promises";

const s3 = new S3Client({ region: "eu-west-1" });

export async function uploadFile(bucket: string, key: string, file: string): Promise<void> {
  try {
    return s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(file) })).then(() => undefined); // expect: missing-await
  } catch (err) {
    console.error(`upload of ${file} failed`, err);
    throw err;
  }
}

export async function uploadBatch(bucket: string, files: string[], parent: AbortSignal): Promise<void> {
  const signal = AbortSignal.any([parent, AbortSignal.timeout(60_000)]); // expect: too-new-api
  for (const f of files) {
    if (signal.aborted) break;
    await uploadFile(bucket, f.replace(/^.*\//, ""), f); // expect: await-in-loop
  }
}

export function uploadLater(bucket: string, file: string): void {
  setTimeout(() => uploadFile(bucket, file, file), 1000); // expect: misused-promise
}
