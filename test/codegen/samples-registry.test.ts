import { describe, expect, it } from 'vitest';
import { checkGenerated, generate } from '../../codegen/index.js';

describe('the samples keep their generated registry current (thespian generate --check)', () => {
  it('samples/generated/thespian-registry.ts matches what the generator writes now', async () => {
    const result = generate({ project: 'samples/tsconfig.json' });
    expect(result.diagnostics).toEqual([]);
    const stale = await checkGenerated(result.files);
    expect(stale.map((s) => `${s.path}\n${s.diff}`)).toEqual([]);
  }, 60_000);
});
