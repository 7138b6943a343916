import { z } from 'zod';

export const CHECKLIST_PHASES = ['before', 'during', 'commit'] as const;
export const CHECKLIST_LANGUAGES = ['python', 'typescript', 'javascript', 'csharp', 'rust'] as const;

export type ChecklistPhase = (typeof CHECKLIST_PHASES)[number];
export type ChecklistLanguage = (typeof CHECKLIST_LANGUAGES)[number];

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const ChecklistItemSchema = z.object({
  id: z.string().regex(kebab),
  phase: z.enum(CHECKLIST_PHASES),
  text: z.string().min(1),
  why: z.string().min(1),
  languages: z.array(z.enum(CHECKLIST_LANGUAGES)).min(1),
  rules: z.array(z.string().regex(kebab)).optional(),
  patterns: z.array(z.string().regex(kebab)).optional(),
});

export const ChecklistSchema = z.object({
  $schema: z.string().optional(),
  version: z.literal(1),
  phases: z
    .array(z.object({ id: z.enum(CHECKLIST_PHASES), title: z.string().min(1), description: z.string().min(1) }))
    .length(CHECKLIST_PHASES.length),
  items: z.array(ChecklistItemSchema).min(1),
});

export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;
export type Checklist = z.infer<typeof ChecklistSchema>;

/** Parses checklist.json; throws with every problem listed when it does not match the schema or repeats an id. */
export function parseChecklistOrThrow(json: string, file: string): Checklist {
  const result = ChecklistSchema.safeParse(JSON.parse(json));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file} does not match its schema: ${problems}`);
  }
  const seen = new Set<string>();
  for (const item of result.data.items) {
    if (seen.has(item.id)) throw new Error(`${file}: duplicate item id "${item.id}"`);
    seen.add(item.id);
  }
  return result.data;
}

/** The items of one phase and/or language, in file order. */
export function filterChecklist(
  checklist: Checklist,
  filter: { phase?: ChecklistPhase; language?: ChecklistLanguage },
): ChecklistItem[] {
  return checklist.items.filter(
    (item) =>
      (filter.phase === undefined || item.phase === filter.phase) &&
      (filter.language === undefined || item.languages.includes(filter.language)),
  );
}

/** Renders items as markdown, grouped by phase: the text mirror of `get_checklist` and checklist.md. */
export function renderChecklistMarkdown(checklist: Checklist, items: readonly ChecklistItem[], title: string): string {
  const out: string[] = [`# ${title}`, ''];
  for (const phase of checklist.phases) {
    const inPhase = items.filter((i) => i.phase === phase.id);
    if (inPhase.length === 0) continue;
    out.push(`## ${phase.title}`, '', phase.description, '');
    for (const item of inPhase) {
      const refs: string[] = [];
      if (item.rules?.length) refs.push(`rules: ${item.rules.join(', ')}`);
      if (item.patterns?.length) refs.push(`patterns: ${item.patterns.join(', ')}`);
      const suffix = refs.length ? ` (${refs.join('; ')})` : '';
      out.push(`- [ ] **${item.text}** \`${item.id}\` [${item.languages.join(', ')}]${suffix}`, `  ${item.why}`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}
