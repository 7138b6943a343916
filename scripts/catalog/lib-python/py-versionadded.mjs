// Reads "New in version X.Y" (Sphinx `versionadded`) for a documented name from the CPython HTML docs shipped beside
// the inventory (Debian python3.11-doc, a pinned input: scripts/sources/inputs.json). typeshed has no version gates below its oldest supported Python (3.10), so
// the stubs alone cannot tell a name added in 3.9 or 3.10 from one that was always there: the docs can.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inputDir } from '../../sources/inputs.mjs';
import { PYTHON_DOC_INPUT } from './py-inventory.mjs';

/** Index of the `</dd>` closing the `<dd>` that starts at `start` (nested definition lists included). */
function matchingClose(html, start) {
  const tag = /<(\/?)dd\b[^>]*>/g;
  tag.lastIndex = start;
  let depth = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return m.index;
  }
  return -1;
}

/** The description of `anchor` without the nested definitions of its members (their notes are theirs). */
function ownDescription(html, anchor) {
  // Only an object description (`<dt ... id="contextlib.aclosing">` then its `<dd>`), not a section anchor.
  const at = html.indexOf(`<dt class="sig sig-object py" id="${anchor}">`);
  if (at < 0) return undefined;
  // A name with several signatures (anext) has several <dt> before its one <dd>.
  let dtEnd = html.indexOf('</dt>', at);
  while (dtEnd >= 0 && /^\s*<dt\b/.test(html.slice(dtEnd + 5, dtEnd + 200))) dtEnd = html.indexOf('</dt>', dtEnd + 5);
  const dd = dtEnd < 0 ? -1 : html.indexOf('<dd>', dtEnd);
  if (dd < 0 || html.slice(dtEnd + 5, dd).trim() !== '') return undefined;
  const end = matchingClose(html, dd);
  if (end < 0) return undefined;
  let body = html.slice(dd + 4, end);
  // Drop nested <dl>...</dl> blocks, innermost first, until none is left.
  for (let previous = ''; previous !== body;) {
    previous = body;
    body = body.replace(/<dl\b[^>]*>(?:(?!<dl\b)[\s\S])*?<\/dl>/g, '');
  }
  return body;
}

export class VersionAdded {
  /** `htmlDir` defaults to the pinned input's folder (throws, naming the fetch command, when it is missing). */
  constructor(htmlDir = inputDir(PYTHON_DOC_INPUT)) {
    this.htmlDir = htmlDir;
    this.pages = new Map();
  }

  get available() {
    return existsSync(this.htmlDir);
  }

  page(file) {
    if (!this.pages.has(file)) {
      const full = path.join(this.htmlDir, file);
      this.pages.set(file, existsSync(full) ? readFileSync(full, 'utf8') : undefined);
    }
    return this.pages.get(file);
  }

  /**
   * The version a documented name was added in, from the `versionadded` note of its own description, or undefined.
   * `uri` is the inventory's `library/contextlib.html#contextlib.aclosing`.
   */
  of(uri) {
    const [file, anchor] = uri.split('#');
    if (!file || !anchor) return undefined;
    const html = this.page(file);
    const body = html && ownDescription(html, anchor);
    return body ? /<span class="versionmodified added">New in version (3\.\d+)/.exec(body)?.[1] : undefined;
  }
}
