import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, REGISTRY_FILE } from '../../codegen/index.js';
import { FIXTURES, VALID_FIXTURES, tsconfigOf } from './fixture-paths.js';

// The golden file is the fixture's generated/thespian-registry.ts itself, so the same file
// is what compile.test.ts type-checks and what `generate --check` would compare against.
describe.each(VALID_FIXTURES)('golden registry of fixture %s', (fixture) => {
  it('matches the committed file', async () => {
    const result = generate({ project: tsconfigOf(fixture) });
    expect(result.diagnostics).toEqual([]);
    expect(result.files.map((f) => f.path)).toEqual([path.join(FIXTURES, fixture, 'generated', REGISTRY_FILE)]);
    await expect(result.files[0]!.text).toMatchFileSnapshot(path.join(FIXTURES, fixture, 'generated', REGISTRY_FILE));
  });
});
