import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The multi-process bases start real processes: give them time on a busy machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
