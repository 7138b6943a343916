import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import type { Knex } from "knex";

export function importCsv(db: Knex, file: string): Promise<number> {
  return new Promise(async (resolve, reject) => { // expect: async-promise-executor
    let count = 0;
    const parser = createReadStream(file).pipe(parse({ columns: true }));
    for await (const row of parser) {
      await db("contacts").insert(row);
      count++;
    }
    resolve(count);
  });
}

export function importLater(db: Knex, files: string[]): void {
  files.forEach(async (f) => { // expect: misused-promise
    const n = await importCsv(db, f);
    console.log(`${f}: ${n} rows`);
  });
}
