#!/usr/bin/env node
// Summarises V8 CPU profiles (.cpuprofile, written by `node --cpu-prof`): self time grouped by package (or by our
// dist/ file, or by Node internals / GC / idle), largest first. Used for bench/PROFILE.md.
//   node bench/profile-summary.mjs <file.cpuprofile>... [--top 25] [--functions]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const topArg = args.indexOf('--top');
const TOP = topArg >= 0 ? Number(args[topArg + 1]) : 25;
const byFunction = args.includes('--functions');
const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--top');

function group(frame) {
  const url = frame.url ?? '';
  if (!url) return frame.functionName ? `(${frame.functionName})` : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url;
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  // timeDeltas[i] is the time before samples[i]; attribute it to that sample's node.
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totals = new Map();
  let all = 0;
  for (const [id, us] of selfUs) {
    const f = byId.get(id).callFrame;
    const key = byFunction ? `${f.functionName || '(anonymous)'} ${group(f)}:${f.lineNumber + 1}` : group(f);
    totals.set(key, (totals.get(key) ?? 0) + us);
    all += us;
  }
  console.log(`${file}: ${(all / 1000).toFixed(0)} ms sampled`);
  for (const [key, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`  ${(us / 1000).toFixed(1).padStart(8)} ms  ${((100 * us) / all).toFixed(1).padStart(5)}%  ${key}`);
  }
}
