import { readFile } from 'node:fs';
import { EventEmitter } from 'node:events';

const emitter = new EventEmitter();

export function loadJson(path) {
  return new Promise((resolve, reject) => {
    readFile(path, 'utf8', (err, text) => {
      if (err) {
        reject(err);
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}

export function parseQuery(text) {
  return new Promise((resolve) => Object.fromEntries(new URLSearchParams(text))); // expect: promise-executor-return
}

export function nextReload() {
  return new Promise(async (resolve) => { // expect: async-promise-executor
    const [path] = await EventEmitter.once(emitter, 'reload');
    resolve(await loadJson(path));
  });
}

export function requestReload(path) {
  emitter.emit('reload', path);
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
