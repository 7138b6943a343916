import { SOURCE_SPECS, type SourceLanguage, type TemplateRegistry } from './registry.js';

const LANGUAGE_TITLES: Readonly<Record<SourceLanguage, string>> = {
  python: 'Python',
  typescript: 'TypeScript / JavaScript',
  csharp: 'C#',
  rust: 'Rust',
};

/**
 * The README's pattern table (pattern x language, each cell the minimum versions and the verification status),
 * rendered from the templates themselves so the README cannot drift from them.
 */
export function renderPatternsTable(registry: TemplateRegistry, verificationOf: (file: string) => string): string {
  const languages = Object.keys(SOURCE_SPECS) as SourceLanguage[];
  const main = registry.templates.filter((t) => !t.legacy && !t.library);
  const ids = [...new Set(main.map((t) => t.header.id))].sort();
  const rows = [
    `| Pattern | ${languages.map((l) => LANGUAGE_TITLES[l]).join(' | ')} |`,
    `| --- | ${languages.map(() => '---').join(' | ')} |`,
  ];
  for (const id of ids) {
    const cells = languages.map((language) => {
      const t = main.find((x) => x.language === language && x.header.id === id);
      if (!t) return '—';
      const minimum = Object.entries(t.header.minimum).map(([k, v]) => `${k} ${v}`).join(', ');
      const legacy = registry.templates.find((x) => x.legacy && x.language === language && x.header.id === id);
      const fallback = legacy
        ? ` (variant: ${Object.entries(legacy.header.minimum).map(([k, v]) => `${k} ${v}`).join(', ')})`
        : '';
      const library = registry.templates.find((x) => x.library && x.language === language && x.header.id === id);
      const withLibrary = library
        ? `; library variant: ${library.header.library?.packages.map((p) => `${p.name} ${p.version}`).join(', ')}, ${verificationOf(library.file)}`
        : '';
      return `${minimum}${fallback}, ${verificationOf(t.file)}${withLibrary}`;
    });
    const title = main.find((t) => t.header.id === id)?.header.title ?? id;
    rows.push(`| \`${id}\`: ${title} | ${cells.join(' | ')} |`);
  }
  return rows.join('\n');
}
