import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One behaviour a pattern guarantees under stress (format: templates/contracts/README.md). */
export interface ContractItem {
  /** Stable kebab-case id, unique in its pattern; referred to as `<pattern>/<id>`. */
  id: string;
  title: string;
  guarantee: string;
  scenario: string;
}

/** The contract every language's template of one pattern is held to. */
export interface PatternContract {
  pattern: string;
  summary: string;
  items: ContractItem[];
}

export const CONTRACTS_DIR = 'templates/contracts';

const ITEM_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ITEM_FIELDS = ['id', 'title', 'guarantee', 'scenario'] as const;

/** Checks one parsed contract file; throws naming the file and the problem. */
export function parseContractOrThrow(data: unknown, file: string): PatternContract {
  const fail = (problem: string): never => {
    throw new Error(`${file}: ${problem}`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('must hold a JSON object');
  const raw = data as Record<string, unknown>;
  const expected = path.basename(file, '.json');
  if (raw.pattern !== expected) fail(`"pattern" must be "${expected}" (the file name), got ${JSON.stringify(raw.pattern)}`);
  if (typeof raw.summary !== 'string' || raw.summary.trim() === '') fail('"summary" must be a non-empty string');
  if (!Array.isArray(raw.items) || raw.items.length === 0) fail('"items" must be a non-empty array');
  const seen = new Set<string>();
  const items = (raw.items as unknown[]).map((entry, index): ContractItem => {
    if (typeof entry !== 'object' || entry === null) return fail(`items[${index}] must be an object`);
    const item = entry as Record<string, unknown>;
    for (const key of ITEM_FIELDS) {
      if (typeof item[key] !== 'string' || (item[key] as string).trim() === '') {
        fail(`items[${index}].${key} must be a non-empty string`);
      }
    }
    const extra = Object.keys(item).filter((key) => !(ITEM_FIELDS as readonly string[]).includes(key));
    if (extra.length > 0) fail(`items[${index}] has unknown key "${extra[0]}"; allowed: ${ITEM_FIELDS.join(', ')}`);
    const id = item.id as string;
    if (!ITEM_ID.test(id)) fail(`items[${index}].id "${id}" must be kebab-case`);
    if (seen.has(id)) fail(`item id "${id}" appears twice`);
    seen.add(id);
    return { id, title: item.title as string, guarantee: item.guarantee as string, scenario: item.scenario as string };
  });
  return { pattern: expected, summary: raw.summary as string, items };
}

/** Every contract under `root`/templates/contracts, by pattern id. A missing folder means no contracts. */
export function loadContracts(root: string): Record<string, PatternContract> {
  const dir = path.join(root, CONTRACTS_DIR);
  if (!existsSync(dir)) return {};
  const out: Record<string, PatternContract> = {};
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json')) continue;
    const file = `${CONTRACTS_DIR}/${name}`;
    const contract = parseContractOrThrow(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown, file);
    out[contract.pattern] = contract;
  }
  return out;
}
