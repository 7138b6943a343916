/**
 * The real-code manifest (bench/real/) is well-formed and holds the TS/JS corpus the noise figures are measured on:
 * at least 15 npm packages and 5 typed projects to tune on, and a held-out set of both kinds.
 */
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../../bench/real/manifest.mjs';

interface Entry {
  id: string;
  source: string;
  language: string;
  set: string;
  commit?: string;
  version?: string;
}

describe('bench/real/manifest.json', () => {
  const entries = (loadManifest() as Entry[]).filter((e) => e.language === 'typescript');
  const count = (source: string, set: string): number => entries.filter((e) => e.source === source && e.set === set).length;
  it('pins every entry by exact version or full commit', () => {
    for (const e of entries) {
      if (e.source === 'github') expect(e.commit).toMatch(/^[0-9a-f]{40}$/);
      else expect(e.version).toMatch(/^\d+\.\d+\.\d+/);
    }
  });
  it('has the tuning and held-out sets the figures need', () => {
    expect(count('npm', 'tuning')).toBeGreaterThanOrEqual(15);
    expect(count('github', 'tuning')).toBeGreaterThanOrEqual(5);
    expect(count('npm', 'held-out')).toBeGreaterThanOrEqual(3);
    expect(count('github', 'held-out')).toBeGreaterThanOrEqual(2);
  });
});
