// ESLint (flat config) with typescript-eslint's recommended rules, for `npm run lint`.
// The packages come from tools/lint/ (typescript-eslint needs TypeScript 5's API; the repository
// compiles with TypeScript 7), so they are resolved from there rather than from the root.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const lintRequire = createRequire(new URL('./tools/lint/package.json', import.meta.url));
/** @param {string} name */
const load = async (name) => (await import(pathToFileURL(lintRequire.resolve(name)).href)).default;
const js = await load('@eslint/js');
const tseslint = await load('typescript-eslint');
const globals = await load('globals');

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'dist/**', 'coverage/**', 'bench/results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks a parameter an override or a callback signature requires but does not read.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  // TEMP(lead): remove after the issue-9 refactor. The lead is rewriting these two folders; the
  // rules below are the ones they break today (actor-main.ts, admin-main.ts, runtime-build.ts,
  // system/actor-spec.ts), each switched off only there.
  {
    files: ['framework/bases/**', 'framework/system/**'],
    rules: {
      'prefer-const': 'off',
      'preserve-caught-error': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
);
