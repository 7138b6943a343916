// target: ecmascript ES2020
const crypto = require("node:crypto");
const fs = require("node:fs/promises");

async function fingerprint(file) {
  const data = await fs.readFile(file);
  return crypto.createHash("sha256").update(data).digest("hex");
}

async function pickFirstMirror(mirrors) {
  return Promise.any(mirrors.map((m) => fetch(m, { method: "HEAD" }))); // expect: too-new-api, missing-timeout
}

async function dedupe(files) {
  const seen = new Map();
  for (const f of files) {
    const hash = crypto.pbkdf2Sync(f, "salt", 100000, 32, "sha512").toString("hex"); // expect: blocking-call-in-async
    if (!seen.has(hash)) seen.set(hash, f);
  }
  const hashes = await Promise.all([...seen.values()].slice(0, 4).map(fingerprint));
  return hashes.at(-1); // expect: too-new-api
}

module.exports = { fingerprint, pickFirstMirror, dedupe };
