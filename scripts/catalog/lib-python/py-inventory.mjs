// Reads a Sphinx objects.inv (version 2: four text header lines, then a zlib stream of
// "name domain:role priority uri dispname" lines) into a Map of name -> { role, uri }.
import { readFileSync, existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

export const PYTHON_INVENTORY = '/usr/share/doc/python3.11/html/objects.inv';
export const PYTHON_DOCS_BASE = 'https://docs.python.org/3/';

export function readInventory(file = PYTHON_INVENTORY) {
  if (!existsSync(file)) {
    throw new Error(`${file} not found: install the Debian package python3.11-doc (apt-get install -y python3.11-doc)`);
  }
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
