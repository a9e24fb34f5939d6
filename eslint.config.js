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
      // A process entry's transport handlers read the object the entry builds after the transport.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // A leading underscore marks a parameter an override or a callback signature requires but does not read.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
);
