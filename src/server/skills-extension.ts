import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { LoadedSkill } from '../skill/load-skill.js';

/** The MCP skills extension (SEP-2640): its identifier and the settings we declare. */
export const SKILLS_EXTENSION_ID = 'io.modelcontextprotocol/skills';
export const SKILLS_EXTENSION_SETTINGS = {} as const;

/** How long a host may treat a listing as current: the files only change with a new package version. */
const TTL_MS = 300_000;

const ListSkillsRequestSchema = z.object({
  method: z.literal('skills/list'),
  params: z.looseObject({ cursor: z.string().optional() }).optional(),
});

const GetSkillRequestSchema = z.object({
  method: z.literal('skills/get'),
  params: z.looseObject({ uri: z.string().max(2048) }),
});

/** One skill entry: verbatim frontmatter and the complete manifest of its files (digest and byte size). */
export function skillEntry(skill: LoadedSkill) {
  return {
    uri: skill.skillUri,
    frontmatter: skill.frontmatter,
    resources: skill.files.map((f) => ({ uri: f.uri, digest: f.digest, size: f.size })),
  };
}

/**
 * Answers `skills/list` and `skills/get` on the low-level server: SDK 1.x has no API for extension methods.
 * The capability itself is declared in createServer.
 */
export function registerSkillsExtension(server: McpServer, skills: readonly LoadedSkill[]): void {
  server.server.setRequestHandler(ListSkillsRequestSchema, async (request) => {
    if (request.params?.cursor !== undefined) {
      // Everything fits on one page, so no cursor we hand out exists; say so rather than return page one again.
      throw new McpError(ErrorCode.InvalidParams, `Unknown cursor "${request.params.cursor}": skills/list has one page`);
    }
    return { resultType: 'complete', skills: skills.map(skillEntry), ttlMs: TTL_MS, cacheScope: 'public' };
  });
  server.server.setRequestHandler(GetSkillRequestSchema, async (request) => {
    const skill = skills.find((s) => s.skillUri === request.params.uri);
    if (!skill) {
      const known = skills.map((s) => s.skillUri).join(', ');
      throw new McpError(ErrorCode.InvalidParams, `Unknown skill "${request.params.uri}". Known: ${known}`);
    }
    return { resultType: 'complete', skill: skillEntry(skill), ttlMs: TTL_MS, cacheScope: 'public' };
  });
}
