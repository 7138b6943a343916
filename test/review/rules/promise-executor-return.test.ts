import { ruleTable } from '../helpers.js';

ruleTable('promise-executor-return', {
  valid: [
    {
      name: 'the sleep idiom',
      code: `
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const sleep2 = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));`,
    },
    {
      name: 'early return after settling',
      code: `
export function check(n: number) {
  return new Promise<number>((resolve, reject) => {
    if (n < 0) return reject(new RangeError('negative'));
    resolve(n);
  });
}`,
    },
    {
      name: 'wiring resolve to an event',
      code: `
import { EventEmitter } from 'node:events';
export function once(e: EventEmitter) {
  return new Promise((resolve) => e.once('ready', resolve));
}`,
    },
    {
      name: 'queueing resolve for later',
      code: `
const waiting: Array<() => void> = [];
export function slot() {
  return new Promise<void>((resolve) => waiting.push(resolve));
}`,
    },
  ],
  invalid: [
    {
      name: 'returning an emitter from a block body',
      code: `
import type { Socket } from 'node:net';
export function greeting(socket: Socket) {
  return new Promise<string>((resolve) => {
    return socket.once('data', (chunk) => resolve(chunk.toString()));
  });
}`,
      lines: [5],
    },
    {
      name: 'a cast value as the expression body',
      code: `
interface Manifest { name: string }
export function parseLater(text: string) {
  return new Promise<Manifest>((resolve) => JSON.parse(text) as Manifest);
}`,
      lines: [4],
    },
    {
      name: 'returning the value instead of resolving it',
      code: `
export function parse(text: string) {
  return new Promise((resolve, reject) => {
    const value = JSON.parse(text);
    return value;
  });
}`,
      lines: [5],
    },
    {
      name: 'returning a promise from the executor',
      code: `
declare function load(): Promise<string>;
export function wrapped() {
  return new Promise<string>((resolve) => load());
}`,
      lines: [4],
    },
  ],
});
