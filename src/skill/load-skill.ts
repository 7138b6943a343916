import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packagePath } from '../paths.js';
import { parseChecklistOrThrow, renderChecklistMarkdown, type Checklist } from './checklist.js';
import { getMarkdownSection, parseFrontmatterOrThrow, type Frontmatter } from './frontmatter.js';
import { mimeTypeFor } from './mime.js';

/** Limits from the MCP skills extension: hosts must accept at least this much, servers should not exceed it. */
export const MAX_SKILL_FILES = 512;
export const MAX_SKILL_BYTES = 16 * 1024 * 1024;

/** The heading in SKILL.md whose section is copied into the server's MCP instructions. */
export const TOOLS_GUIDE_HEADING = 'Using the async-expert-mcp tools';

export interface SkillFile {
  /** Path relative to the skill folder, with `/` separators. */
  path: string;
  uri: string;
  mimeType: string;
  content: Buffer;
  size: number;
  /** `sha256:<64 lowercase hex>` of `content`. */
  digest: string;
  /** True for files the server renders from others (checklist.md); they are still listed with their digest. */
  generated: boolean;
}

export interface LoadedSkill {
  name: string;
  frontmatter: Frontmatter;
  /** SKILL.md without its frontmatter. */
  body: string;
  /** The "Using the async-expert-mcp tools" section of SKILL.md. */
  toolsGuide: string;
  checklist: Checklist;
  /** Every file, SKILL.md first, then by path. */
  files: SkillFile[];
  skillUri: string;
  getFile(relativePath: string): SkillFile | undefined;
  getFileByUri(uri: string): SkillFile | undefined;
}

function sha256(content: Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/**
 * Lists regular files below `dir`. Symbolic links are skipped on purpose: a link could point outside the
 * package, and every resource we serve must be a file that ships inside it.
 */
function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    const stat = lstatSync(full);
    const rel = prefix ? `${prefix}/${entry}` : entry;
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) out.push(...listFiles(full, rel));
    else if (stat.isFile()) out.push(rel);
  }
  return out;
}

/** Loads a skill folder (default: the package's skills/async-expert) once, at start-up. */
export function loadSkill(skillDir: string = packagePath('skills', 'async-expert')): LoadedSkill {
  const skillMdPath = path.join(skillDir, 'SKILL.md');
  const skillMd = readFileSync(skillMdPath, 'utf8');
  const { frontmatter, body } = parseFrontmatterOrThrow(skillMd, skillMdPath);
  const name = frontmatter.name;
  if (path.basename(skillDir) !== name) {
    throw new Error(`skill folder "${path.basename(skillDir)}" must equal the frontmatter name "${name}"`);
  }
  const toolsGuide = getMarkdownSection(body, TOOLS_GUIDE_HEADING);
  if (toolsGuide === undefined) throw new Error(`${skillMdPath}: missing section "## ${TOOLS_GUIDE_HEADING}"`);

  const checklistPath = path.join(skillDir, 'checklist.json');
  const checklist = parseChecklistOrThrow(readFileSync(checklistPath, 'utf8'), checklistPath);

  const base = `skill://${name}/`;
  const files: SkillFile[] = listFiles(skillDir).map((rel) => {
    const content = readFileSync(path.join(skillDir, rel));
    return {
      path: rel,
      uri: base + rel,
      mimeType: mimeTypeFor(rel),
      content,
      size: content.length,
      digest: sha256(content),
      generated: false,
    };
  });
  if (!files.some((f) => f.path === 'checklist.md')) {
    const content = Buffer.from(renderChecklistMarkdown(checklist, checklist.items, 'Async code checklist'), 'utf8');
    files.push({
      path: 'checklist.md',
      uri: `${base}checklist.md`,
      mimeType: 'text/markdown',
      content,
      size: content.length,
      digest: sha256(content),
      generated: true,
    });
  }
  files.sort((a, b) => (a.path === 'SKILL.md' ? -1 : b.path === 'SKILL.md' ? 1 : a.path.localeCompare(b.path)));

  const total = files.reduce((n, f) => n + f.size, 0);
  if (files.length > MAX_SKILL_FILES || total > MAX_SKILL_BYTES) {
    throw new Error(
      `skill "${name}" has ${files.length} files and ${total} bytes; the limits are ${MAX_SKILL_FILES} files and ${MAX_SKILL_BYTES} bytes`,
    );
  }
  const byPath = new Map(files.map((f) => [f.path, f]));
  const byUri = new Map(files.map((f) => [f.uri, f]));
  return {
    name,
    frontmatter,
    body,
    toolsGuide,
    checklist,
    files,
    skillUri: `${base}SKILL.md`,
    getFile: (p) => byPath.get(p),
    getFileByUri: (u) => byUri.get(u),
  };
}
