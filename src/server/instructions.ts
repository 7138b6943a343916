import type { LoadedSkill } from '../skill/load-skill.js';

/**
 * The MCP `instructions` string: when to use this server (the skill's description) and how to use its tools
 * (the SKILL.md section written for that). Both come from the skill files, so there is one text to maintain.
 */
export function buildInstructions(skill: LoadedSkill): string {
  return [
    `This server serves the "${skill.name}" skill. ${skill.frontmatter.description}`,
    '',
    skill.toolsGuide,
    '',
    `The full skill is the resource ${skill.skillUri}.`,
  ].join('\n');
}
