// Reads a Sphinx objects.inv (version 2: four text header lines, then a zlib stream of
// "name domain:role priority uri dispname" lines) into a Map of name -> { role, uri }.
import { readFileSync, existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { inputFile } from '../../sources/inputs.mjs';

/** The pinned input (scripts/sources/inputs.json) whose html/ folder holds the inventory and the pages. */
export const PYTHON_DOC_INPUT = 'python3.11-doc';
export const PYTHON_DOCS_BASE = 'https://docs.python.org/3/';

/** Reads the pinned inventory, or `file` (tests pass a hand-made one). */
export function readInventory(file = inputFile(PYTHON_DOC_INPUT, 'objects.inv')) {
  if (!existsSync(file)) throw new Error(`${file} not found`);
  const data = readFileSync(file);
  let offset = 0;
  const header = [];
  for (let i = 0; i < 4; i++) {
    const end = data.indexOf(0x0a, offset);
    header.push(data.subarray(offset, end).toString('utf8'));
    offset = end + 1;
  }
  if (header[0] !== '# Sphinx inventory version 2') throw new Error(`${file}: unsupported inventory header ${header[0]}`);
  const version = /^# Version: (.+)$/.exec(header[2])?.[1] ?? 'unknown';
  const entries = new Map();
  for (const line of inflateSync(data.subarray(offset)).toString('utf8').split('\n')) {
    // The display name may contain spaces; the first four fields never do.
    const m = /^(\S+)\s+(\S+):(\S+)\s+(-?\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!m || m[2] !== 'py') continue;
    const [, name, , role, , uri] = m;
    if (!entries.has(name) || role !== 'module') entries.set(name, { role, uri: uri.replace(/\$$/, name) });
  }
  return { version, entries };
}
