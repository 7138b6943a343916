// ESLint flat config for the corpus bench (bench/corpus-ts.mjs): the async rules of ESLint core,
// typescript-eslint (type-aware, through bench/tsconfig.corpus.json) and eslint-plugin-promise that correspond to
// one of our rule ids. The mapping onto our ids lives in bench/corpus-ts.mjs; only mapped rules are enabled, so
// nothing here is reported that the bench would have to ignore.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import promise from 'eslint-plugin-promise';

const benchDir = path.dirname(fileURLToPath(import.meta.url));

export default [
  {
    files: ['test/corpus/ts/**/*.ts', 'test/corpus/ts/**/*.js', 'test/corpus/ts/**/*.mjs'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 'latest',
      sourceType: 'module',
      parserOptions: {
        project: path.join(benchDir, 'tsconfig.corpus.json'),
        tsconfigRootDir: benchDir,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { '@typescript-eslint': tseslint.plugin, promise },
    rules: {
      // ESLint core
      'no-await-in-loop': 'error',
      'no-async-promise-executor': 'error',
      'no-promise-executor-return': 'error',
      'require-atomic-updates': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      // typescript-eslint, type-aware
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-misused-spread': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-empty-function': 'error',
      // eslint-plugin-promise
      'promise/catch-or-return': 'error',
      'promise/always-return': 'error',
    },
  },
];
