/**
 * Reviews of files on disk, for every language the dispatcher knows (a new language folder joins by its entry in
 * languages.ts alone): rule ids checked across languages, files grouped by the targets their project declares,
 * then cut into batches so that a caller can report progress and stop between them.
 */
import { dirname } from 'node:path';
import { projectTargets, type TargetAxis } from '../workspace/targets.js';
import type { ReviewTarget } from './finding.js';
import type { FileReview } from './language.js';
import { entryForFile, LANGUAGE_ENTRIES } from './languages.js';
import { normaliseTarget } from './target.js';

/** One unit of work: files of one language and one project target. */
export interface FileBatch {
  paths: string[];
  target: ReviewTarget;
  rules?: string[];
  /** The root the files lie in: installed packages are looked up below it only. */
  root?: string;
}

/** Which file each target axis came from, when the caller named none: `{ node: "package.json engines.node \">=20\"" }`. */
export type TargetSource = Partial<Record<TargetAxis, string>>;

export interface PlannedBatch extends FileBatch {
  targetSource: TargetSource;
}

const REVIEW_AXES = ['node', 'ecmascript', 'python', 'dotnet'] as const satisfies ReadonlyArray<keyof ReviewTarget & TargetAxis>;

/** Every rule id any language knows; throws RangeError naming them when `rules` holds an unknown one. */
export async function checkRuleIds(rules: readonly string[] | undefined): Promise<void> {
  if (rules === undefined) return;
  const known = [...new Set((await Promise.all(LANGUAGE_ENTRIES.map((e) => e.load()))).flatMap((r) => r.rules.map((m) => m.id)))];
  const unknown = rules.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new RangeError(`Unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}. Known: ${known.join(', ')}`);
}

/**
 * The target of one file: each axis the caller named wins; the others come from the project around the file (up to
 * `stopAt`, a root), each with the file it came from.
 */
export function targetForFile(file: string, explicit: ReviewTarget | undefined, stopAt?: string): { target: ReviewTarget; targetSource: TargetSource } {
  const project = projectTargets(dirname(file), stopAt);
  const merged: ReviewTarget = {};
  const targetSource: TargetSource = {};
  for (const axis of REVIEW_AXES) {
    const mine = explicit?.[axis];
    const theirs = project.target[axis];
    if (mine !== undefined) merged[axis] = mine;
    else if (theirs !== undefined) {
      merged[axis] = theirs;
      targetSource[axis] = project.targetSource[axis]!;
    } else if (project.targetSource[axis] !== undefined) targetSource[axis] = project.targetSource[axis]!; // read, nothing usable: says why
  }
  if (explicit?.node === undefined && explicit?.ecmascript !== undefined) delete merged.node; // an edition alone stays alone
  return { target: normaliseTarget(merged), targetSource };
}

/** Groups files by language and declared target, then cuts each group into batches of at most `batchSize`. */
export function planBatches(
  files: readonly string[],
  options: { target?: ReviewTarget; rules?: string[]; stopAt?: (file: string) => string | undefined; batchSize?: number },
): PlannedBatch[] {
  const groups = new Map<string, PlannedBatch>();
  for (const file of files) {
    const entry = entryForFile(file);
    if (!entry) continue;
    const root = options.stopAt?.(file);
    const { target, targetSource } = targetForFile(file, options.target, root);
    const key = JSON.stringify([entry.id, target, targetSource, root]);
    const group = groups.get(key) ?? { paths: [], target, targetSource, ...(options.rules ? { rules: options.rules } : {}), ...(root ? { root } : {}) };
    group.paths.push(file);
    groups.set(key, group);
  }
  const size = options.batchSize ?? Number.POSITIVE_INFINITY;
  const out: PlannedBatch[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.paths.length; i += size) out.push({ ...g, paths: g.paths.slice(i, i + size) });
  }
  return out;
}

/** Reviews one batch (all files of one language); each language reads the files itself. */
export async function reviewFileBatch(batch: FileBatch): Promise<FileReview[]> {
  const out: FileReview[] = [];
  for (const entry of LANGUAGE_ENTRIES) {
    const mine = batch.paths.filter((f) => entryForFile(f) === entry);
    if (mine.length === 0) continue;
    const reviewer = await entry.load();
    const ids = reviewer.rules.map((r) => r.id);
    const selected = batch.rules?.filter((id) => ids.includes(id));
    out.push(...(await reviewer.reviewFiles(mine, batch.target, selected, batch.root ? { root: batch.root } : {})));
  }
  return out;
}
