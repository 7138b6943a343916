// target: node 18
import http from "node:http";
import fs from "node:fs";
import { pipeline } from "node:stream/promises";

const root = process.env.ROOT ?? "/srv/files";

const server = http.createServer(async (req, res) => { // expect: misused-promise
  const path = `${root}${new URL(req.url, "http://x").pathname}`;
  const stat = await fs.promises.stat(path).catch(() => null);
  if (!stat?.isFile()) {
    res.writeHead(404).end();
    return;
  }
  const meta = JSON.parse(fs.readFileSync(`${path}.meta.json`, "utf8")); // expect: blocking-call-in-async
  res.writeHead(200, { "content-type": meta.type });
  await pipeline(fs.createReadStream(path), res);
});

server.listen(8080);

export async function fetchMirror(url) {
  const res = await fetch(url, { timeout: 10_000 }); // expect: hallucinated-api
  return res.arrayBuffer();
}
