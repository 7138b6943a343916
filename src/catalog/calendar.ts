import { readFileSync } from 'node:fs';

/** One release line of a runtime: its first release and end of life (a `YYYY-MM` date means that month's end). */
export interface SupportLine {
  line: string;
  released: string;
  eol: string;
}

export interface SupportCalendar {
  description: string;
  /** The day the catalog data was last built: defaults are judged on it, not on the clock of whoever runs us. */
  asOf: string;
  runtimes: Record<string, { source: string; lines: SupportLine[] }>;
}

let cached: SupportCalendar | undefined;

/** data/support-calendar.json, read once. */
export function supportCalendar(): SupportCalendar {
  cached ??= JSON.parse(readFileSync(new URL('./data/support-calendar.json', import.meta.url), 'utf8')) as SupportCalendar;
  return cached;
}

/** `2026-10` -> `2026-10-31`; full dates unchanged. Compared as text (ISO dates sort). */
export function lastDay(date: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const [y, m] = date.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${date}-${String(day).padStart(2, '0')}`;
}

/** Lines released on or before `day` whose end of life is still ahead, oldest first. */
export function supportedLines(runtime: string, day = supportCalendar().asOf): SupportLine[] {
  const r = supportCalendar().runtimes[runtime];
  if (!r) throw new TypeError(`Unknown runtime "${runtime}". Known: ${Object.keys(supportCalendar().runtimes).join(', ')}.`);
  return r.lines.filter((l) => lastDay(l.released) <= day && lastDay(l.eol) >= day);
}

/**
 * The default target of a runtime: its oldest line still supported on the day the catalog was built, so code
 * reviewed without a target is held to what every supported line has.
 */
export function defaultTarget(runtime: 'node' | 'dotnet' | 'python' | 'tokio'): string {
  const line = supportedLines(runtime)[0];
  if (!line) throw new Error(`The support calendar has no ${runtime} line supported on ${supportCalendar().asOf}: add the current lines to data/support-calendar.json.`);
  return line.line;
}
