import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests, samples and templates import the public entry as users do.
    alias: { 'thespian-ts': fileURLToPath(new URL('./framework/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/codegen/fixtures/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
