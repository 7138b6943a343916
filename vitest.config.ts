import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Toolchain tests (dotnet, cargo, python) compile real programs; the shared 2-core machines need room.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Collects the suites' skips (test/helpers/toolchain.ts) and prints their summary at the end of the run.
    globalSetup: ['test/helpers/skip-summary.ts'],
  },
});
