// The C# reviewer end to end: dispatch by language and extension, targets, suppressions, syntax errors, CLI + SARIF.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runReviewCli } from '../../../src/review/cli.js';
import { normaliseTarget, reviewCode } from '../../../src/review/index.js';
import { defaultTarget } from '../../../src/catalog/index.js';
import { cs } from './helpers.js';

const code = cs`
  class Gate {
      async Task M(List<Task> ts) {
          await foreach (var t in Task.WhenEach(ts)) { }
          Thread.Sleep(10); // async-expert-disable-line blocking-call-in-async -- a test of suppression
      }
  }`;

describe('C# reviewer', () => {
  it('is dispatched for language "csharp", defaults to the support calendar\'s oldest line and reads target.dotnet', async () => {
    const byDefault = await reviewCode({ code, language: 'csharp' });
    expect(byDefault.reviewedWith).toMatchObject({ engine: 'tree-sitter-c-sharp', target: { dotnet: defaultTarget('dotnet') } });
    const r8 = await reviewCode({ code, language: 'csharp', target: { dotnet: '8' } });
    expect(r8.reviewedWith).toMatchObject({ engine: 'tree-sitter-c-sharp', target: { dotnet: '8' } });
    expect(r8.findings.map((f) => f.ruleId)).toEqual(['too-new-api']);
    expect(r8.summary.suppressed).toBe(1);
    const r9 = await reviewCode({ code, language: 'csharp', target: { dotnet: 'net9.0' } });
    expect(r9.findings).toEqual([]);
  });

  it('normalises and checks target.dotnet', () => {
    expect(normaliseTarget({ dotnet: '8.0' })).toEqual({ node: defaultTarget('node'), dotnet: '8' });
    expect(normaliseTarget({ node: '22', dotnet: 'net10.0' })).toEqual({ node: '22', dotnet: '10' });
    expect(() => normaliseTarget({ dotnet: 'eight' })).toThrow(/target\.dotnet must be a \.NET major version/);
  });

  it('reports unparsable text as info and still reviews the rest', async () => {
    const r = await reviewCode({ code: 'class C { async void M( { await Task.Delay(1); }\n', language: 'csharp' });
    expect(r.findings.some((f) => f.ruleId === 'syntax-error' && f.severity === 'info')).toBe(true);
  });

  it('names the known C# rules for an unknown one', async () => {
    await expect(reviewCode({ code, language: 'csharp', rules: ['no-such-rule'] })).rejects.toThrow(/Unknown C# rule id "no-such-rule". Known: async-void/);
  });

  describe('CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-cs-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'Job.cs'), cs`
      class Job {
          async Task RunAsync() {
              Thread.Sleep(100);
              await Task.Yield();
          }
      }`);

    writeFileSync(join(dir, 'Extensions.cs'), cs`
      static class SemaphoreExtensions {
          public static Task LeaseAsync(this SemaphoreSlim s) => s.WaitAsync();
      }`);
    writeFileSync(join(dir, 'Use.cs'), cs`
      class Use {
          async Task M(SemaphoreSlim s) { await s.LeaseAsync(); await s.GrabAsync(); }
      }`);

    it('knows the extension methods the other files of the project declare', async () => {
      let stdout = '';
      await runReviewCli(['--format', 'json', '--rules', 'hallucinated-api', 'Use.cs', 'Extensions.cs'], { stdout: (s) => (stdout += s), stderr: () => {}, cwd: dir });
      const report = JSON.parse(stdout) as { results: Array<{ file: string; findings: Array<{ line: number; message: string }> }> };
      expect(report.results.flatMap((r) => r.findings.map((f) => `${r.file}:${f.line} ${f.message.slice(0, 41)}`))).toEqual(['Use.cs:2 `SemaphoreSlim` has no member `GrabAsync`']);
    });

    it('reviews .cs files found in a directory, with SARIF linking the C# docs', async () => {
      let stdout = '';
      const status = await runReviewCli(['--format', 'sarif', '--target-dotnet', '8', '.'], { stdout: (s) => (stdout += s), stderr: () => {}, cwd: dir });
      expect(status).toBe(1);
      const sarif = JSON.parse(stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>; tool: { driver: { rules: Array<{ id: string; helpUri: string }> } } }> };
      const run = sarif.runs[0]!;
      expect(run.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([['blocking-call-in-async', 'Job.cs'], ['hallucinated-api', 'Use.cs']]);
      expect(run.tool.driver.rules.find((r) => r.id === 'async-void')?.helpUri).toBe('skill://async-expert/rules/csharp/async-void.md');
    });
  });
});
