'use strict';
const fs = require('node:fs');
const zlib = require('node:zlib');
const { pipeline } = require('node:stream');

const manifestCache = new Map();

function readManifest(file) {
  return new Promise((resolve, reject) => {
    if (manifestCache.has(file)) {
      return manifestCache.get(file); // expect: promise-executor-return
    }
    fs.readFile(file, 'utf8', (err, text) => {
      if (err) return reject(err);
      const parsed = JSON.parse(text);
      manifestCache.set(file, parsed);
      resolve(parsed);
    });
  });
}

function compressFile(src, dest) {
  return new Promise(async (resolve, reject) => { // expect: async-promise-executor
    const manifest = await readManifest(`${src}.manifest.json`);
    if (!manifest.compress) {
      resolve(false);
      return;
    }
    pipeline(fs.createReadStream(src), zlib.createGzip(), fs.createWriteStream(dest), (err) => {
      if (err) reject(err);
      else resolve(true);
    });
  });
}

function waitForDrain(stream) {
  return new Promise((resolve) => stream.once('drain', resolve));
}

module.exports = { readManifest, compressFile, waitForDrain };
