import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { REPO, VALID_FIXTURES, tsconfigOf } from './fixture-paths.js';

const run = promisify(execFile);

// tsc over each fixture includes its generated registry and, for 'inheritance', the
// type-level TypedAddress test whose @ts-expect-error lines must all be errors.
it.each(VALID_FIXTURES)('the generated registry of %s compiles (strict, NodeNext)', async (fixture) => {
  const tsc = path.join(REPO, 'node_modules', '.bin', 'tsc');
  const result = await run(tsc, ['-p', tsconfigOf(fixture)], { cwd: REPO }).then(
    () => '',
    (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}` || 'tsc failed',
  );
  expect(result).toBe('');
}, 60_000);
