import type { PatternDetail } from './patterns.js';

/** The contract outcome: counts, then each unmet item with its reason. */
function contractLines(contract: PatternDetail['verification']['contract']): string[] {
  if (!contract) return [];
  return [
    `Contract (templates/contracts): ${contract.passed.length} items passed under stress scenarios, ${contract.failed.length} failed, ${contract.unmet.length} not met`,
    ...contract.unmet.map((u) => `Not met: ${u.item}: ${u.reason}`),
  ];
}

/**
 * One pattern as Markdown: title, minimums, library advice, how it was verified (provenance and contract outcome),
 * target notes, then the code. The get_pattern tool's text and the pattern://{language}/{id} resource are both this
 * text, so what the assistant reads about a template does not depend on which way it asked.
 */
export function patternText(pattern: PatternDetail): string {
  const notes = pattern.targetNotes.length ? `\n${pattern.targetNotes.map((n) => `Note: ${n}`).join('\n')}\n` : '';
  const lib = pattern.library;
  const libraryLines = lib
    ? [
        `Library: ${lib.packages.map((p) => `${p.name} ${p.version}`).join(', ')}`,
        `Prefer the library when: ${lib.preferLibrary}`,
        `Prefer the hand-written template (variant "main") when: ${lib.preferHandwritten}`,
        ...(lib.newer ? [`Newer releases: ${lib.newer}`] : []),
      ]
    : [];
  const others = pattern.otherVariants
    .filter((v) => v.variant === 'library')
    .map((v) => `Also available: variant "library" (${v.packages?.join(', ')}); prefer it when: ${v.preferWhen}`);
  return [
    `# ${pattern.title} (${pattern.language}, ${pattern.variant})`,
    pattern.summary,
    `Minimum: ${Object.entries(pattern.minimumVersions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ...libraryLines,
    `Verification: ${pattern.verification.status} (${pattern.verification.toolchain}): ${pattern.verification.how}`,
    ...(pattern.verification.provenance ? [`Provenance: ${pattern.verification.provenance}`] : []),
    ...contractLines(pattern.verification.contract),
    ...others,
    notes,
    '```' + (pattern.language === 'csharp' ? 'csharp' : pattern.language),
    pattern.code.trimEnd(),
    '```',
  ].join('\n');
}
