import { parse as parseYaml } from 'yaml';

export interface Frontmatter {
  name: string;
  description: string;
  [key: string]: unknown;
}

/** Splits a markdown file into its YAML frontmatter (parsed) and body. Throws when the frontmatter is missing. */
export function parseFrontmatterOrThrow(markdown: string, file: string): { frontmatter: Frontmatter; body: string } {
  const text = markdown.replace(/^\uFEFF/, '');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) throw new Error(`${file}: no YAML frontmatter (expected a leading '---' block)`);
  const data: unknown = parseYaml(match[1] ?? '');
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${file}: frontmatter is not a mapping`);
  }
  const record = data as Record<string, unknown>;
  if (typeof record.name !== 'string' || record.name.length === 0) throw new Error(`${file}: frontmatter needs a 'name'`);
  if (typeof record.description !== 'string' || record.description.length === 0) {
    throw new Error(`${file}: frontmatter needs a 'description'`);
  }
  return { frontmatter: record as Frontmatter, body: text.slice(match[0].length) };
}

/**
 * Returns the text of the level-2 section with this exact heading (without the heading line), up to the next
 * level-2 heading, or undefined when there is none.
 */
export function getMarkdownSection(markdown: string, heading: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) return undefined;
  let end = lines.length;
  let inFence = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('```')) inFence = !inFence;
    if (!inFence && /^## /.test(line)) {
      end = i;
      break;
    }
  }
  return lines.slice(start + 1, end).join('\n').trim();
}
