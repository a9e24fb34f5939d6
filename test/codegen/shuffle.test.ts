import { expect, it } from 'vitest';
import { emitRegistry } from '../../codegen/emit-registry.js';
import { loadProject } from '../../codegen/project.js';
import { scanProject } from '../../codegen/scan.js';
import { tsconfigOf } from './fixture-paths.js';

/** Deterministic shuffle (a seeded LCG), so a failure can be reproduced. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

it.each(['inheritance', 'aliases'])('%s: any input file order gives identical bytes', (fixture) => {
  const loaded = loadProject(tsconfigOf(fixture));
  const options = { outFile: 'generated/thespian-registry.ts', runtimeModule: 'thespian-ts' };
  const reference = emitRegistry(scanProject(loaded, options).model);
  const orders = [[...loaded.rootFiles].reverse(), shuffled(loaded.rootFiles, 7), shuffled(loaded.rootFiles, 1234)];
  expect(new Set(orders.map((o) => o.map((f) => f.getBaseName()).join())).size).toBeGreaterThan(1);
  for (const rootFiles of orders) {
    expect(emitRegistry(scanProject({ ...loaded, rootFiles }, options).model)).toBe(reference);
  }
});
