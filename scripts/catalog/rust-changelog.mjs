#!/usr/bin/env node
// Extracts the additions recorded in the CHANGELOG.md files of tokio, tokio-util and futures into the compact form
// scripts/catalog/rust/changelog.json: per crate and version, the names each "Added" line mentions (split into the
// names added and the names they were added to) and its pull-request numbers. Only names and numbers are kept,
// never the CHANGELOG's prose. scripts/catalog/rust.mjs dates rustdoc's items with it and adds the items of versions
// newer than the ones Debian ships.
//
// Inputs: the CHANGELOGs inside the pinned Debian crate sources (scripts/sources/inputs.json; versions up to the shipped ones) and the upstream files
// from git repositories (`fetch` mirrors of tokio-rs/tokio and rust-lang/futures-rs) for the newer versions:
//   node scripts/catalog/rust-changelog.mjs --tokio-git <git dir> --futures-git <git dir>
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crateDir, ROOT_CRATES } from './rust-rustdoc.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const OUTPUT = path.join(here, 'rust', 'changelog.json');

/** `get_{ref,mut}` -> get_ref, get_mut; `reserve[_many]` -> reserve, reserve_many; `{A,B}::f` -> A::f, B::f. */
export function expandToken(token) {
  const brace = /\{([^{}]*)\}/.exec(token);
  if (brace) {
    return brace[1].split(',').flatMap((alt) => expandToken(token.slice(0, brace.index) + alt.trim() + token.slice(brace.index + brace[0].length)));
  }
  const opt = /\[([^[\]]*)\]/.exec(token);
  if (opt) {
    const without = token.slice(0, opt.index) + token.slice(opt.index + opt[0].length);
    const withIt = token.slice(0, opt.index) + opt[1] + token.slice(opt.index + opt[0].length);
    return [...expandToken(without), ...expandToken(withIt)];
  }
  return [token];
}

/** A backticked span that names an item: a path or identifier, maybe with `()` or `!`; not code or generics. */
function nameOf(span) {
  const t = span.trim().replace(/\(\s*\)$/, '').replace(/!$/, '').replace(/^(crate|tokio|tokio_util|futures)::/, '');
  return /^[A-Za-z_{][\w:{},[\]]*$/.test(t) && !/:::|,,/.test(t) ? t.replace(/,\s+/g, ',') : undefined;
}

/** `... to `X``, `... for owned `X``: the name after such words is what the added names were added to. */
const OWNER_WORDS = /\b(to|for|on|in|of|from|into)(\s+[\w-]+){0,2}\s*$/i;

/** Names a CHANGELOG line mentions, split into added names and the names they were added to. */
export function parseLine(line) {
  const prs = [...line.matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
  const moduleMatch = /^\s*[-*]\s*([a-z_][\w ,/()-]*?):\s/.exec(line);
  const body = moduleMatch ? line.slice(moduleMatch[0].length) : line.replace(/^\s*[-*]\s*/, '');
  const added = [];
  const owners = [];
  let owning = false; // once a name follows "to"/"for"..., it and the names listed after it are owners
  for (const m of body.matchAll(/`([^`]+)`/g)) {
    const before = body.slice(Math.max(0, m.index - 24), m.index);
    if (OWNER_WORDS.test(before)) owning = true;
    const name = nameOf(m[1]);
    if (!name) continue;
    (owning ? owners : added).push(...expandToken(name));
  }
  return { module: moduleMatch?.[1]?.trim().split(/[ ,/(]/)[0], added: [...new Set(added)], owners: [...new Set(owners)], prs };
}

const ADDITION = /\b(add|adds|added|introduce|introduces|stabili[sz]e|stabili[sz]es|new)\b/i;

/**
 * Versions of a CHANGELOG, each with the lines that record additions: the lines of an "Added" section (tokio's
 * style; "Added (unstable)" flagged), or, for a version without sections (futures' style), the lines that say so.
 */
export function parseChangelog(text) {
  const versions = [];
  let current;
  let section;
  for (const line of text.split('\n')) {
    const head = /^#\s+(\d+\.\d+\.\d+(?:-[\w.]+)?)\s*(?:\(([^)]*)\)|-\s*(\S+))?/.exec(line);
    if (head) {
      current = { version: head[1], date: (head[2] ?? head[3] ?? '').trim(), added: [], sectioned: false };
      versions.push(current);
      section = undefined;
      continue;
    }
    if (!current) continue;
    const sec = /^#{2,4}\s+(.+)$/.exec(line);
    if (sec) {
      section = sec[1].trim();
      current.sectioned = true;
      continue;
    }
    if (!/^\s*[-*]\s/.test(line)) continue;
    const isAddedSection = section !== undefined && /^added/i.test(section);
    if (section !== undefined ? !isAddedSection : !ADDITION.test(line)) continue;
    const parsed = parseLine(line);
    if (parsed.added.length === 0 && parsed.owners.length === 0) continue;
    current.added.push({ ...parsed, ...(section && /unstable/i.test(section) ? { unstable: true } : {}) });
  }
  return versions.map(({ sectioned, ...v }) => v);
}

function gitShow(gitDir, spec) {
  const r = spawnSync('git', ['--git-dir', gitDir, 'show', spec], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`git show ${spec} in ${gitDir} failed: ${r.stderr}`);
  return r.stdout;
}

function gitHead(gitDir) {
  return spawnSync('git', ['--git-dir', gitDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
}

/** Reads both copies of each crate's CHANGELOG: Debian's (authoritative up to its version) and upstream's (newer). */
export function extract({ tokioGit, futuresGit }) {
  const crates = {};
  const sources = [];
  const upstream = {
    tokio: { gitDir: tokioGit, repo: 'tokio-rs/tokio', file: 'tokio/CHANGELOG.md' },
    'tokio-util': { gitDir: tokioGit, repo: 'tokio-rs/tokio', file: 'tokio-util/CHANGELOG.md' },
    futures: { gitDir: futuresGit, repo: 'rust-lang/futures-rs', file: 'CHANGELOG.md' },
  };
  for (const c of ROOT_CRATES) {
    const u = upstream[c.name];
    const commit = gitHead(u.gitDir);
    const versions = parseChangelog(gitShow(u.gitDir, `${commit}:${u.file}`));
    sources.push({ crate: c.name, versions: 'all', from: `github.com/${u.repo} ${u.file} at ${commit}` });
    let local = [];
    // crateDir throws (naming the fetch command) when the pinned input is absent; futures' Debian sources ship no
    // CHANGELOG, so for it upstream's file covers every version.
    const file = path.join(crateDir(`${c.name}-${c.version}`), 'CHANGELOG.md');
    if (existsSync(file)) {
      local = parseChangelog(readFileSync(file, 'utf8'));
      sources.push({ crate: c.name, versions: `up to ${c.version}`, from: `Debian ${c.deb} ${c.version}: CHANGELOG.md` });
    }
    // Debian's file decides the versions it covers (it is the pinned input); upstream adds the newer ones.
    const covered = new Set(local.map((v) => v.version));
    crates[c.name] = {
      checkedVersion: c.version,
      newest: versions[0]?.version,
      versions: [...local, ...versions.filter((v) => !covered.has(v.version))],
    };
  }
  return { description: 'Additions recorded in the CHANGELOGs of tokio, tokio-util and futures: names and pull-request numbers only. Generated by scripts/catalog/rust-changelog.mjs.', sources, crates };
}

async function main(argv) {
  const arg = (name) => argv[argv.indexOf(name) + 1];
  if (!argv.includes('--tokio-git') || !argv.includes('--futures-git')) {
    console.error('usage: node scripts/catalog/rust-changelog.mjs --tokio-git <git dir of tokio-rs/tokio> --futures-git <git dir of rust-lang/futures-rs>');
    return 2;
  }
  const doc = extract({ tokioGit: arg('--tokio-git'), futuresGit: arg('--futures-git') });
  writeFileSync(OUTPUT, `${JSON.stringify(doc, null, 1)}\n`);
  for (const [name, c] of Object.entries(doc.crates)) console.log(`${name}: ${c.versions.length} versions, newest ${c.newest}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
