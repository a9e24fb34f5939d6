import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO, thespian } from './cli-run.js';

let dir: string;
beforeAll(async () => {
  // A copy of the 'inheritance' fixture inside test/codegen/fixtures, so its tsconfig's
  // `extends` and `paths` still resolve; removed afterwards.
  dir = await mkdtemp(path.join(REPO, 'test/codegen/fixtures/tmp-cli-'));
  await cp(path.join(REPO, 'test/codegen/fixtures/inheritance'), dir, { recursive: true });
  await rm(path.join(dir, 'generated'), { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('generate writes the registry, --check is green, an edit makes --check fail with a diff', async () => {
  const missing = await thespian(['generate', '--check'], dir);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/stale: generated\/thespian-registry\.ts\n {2}\(file is missing\)/);

  const gen = await thespian(['generate'], dir);
  expect(gen.code).toBe(0);
  expect(gen.stdout).toMatch(/4 files scanned, 2 actors, 4 messages, wrote generated\/thespian-registry\.ts/);
  expect(await readFile(path.join(dir, 'generated/thespian-registry.ts'), 'utf8')).toBe(
    await readFile(path.join(REPO, 'test/codegen/fixtures/inheritance/generated/thespian-registry.ts'), 'utf8'),
  );
  const check = await thespian(['generate', '--check'], dir);
  expect(check.code).toBe(0);
  expect(check.stdout).toMatch(/up to date/);

  const messages = path.join(dir, 'src/messages.ts');
  await writeFile(messages, (await readFile(messages, 'utf8')).replace('volume = 11;', 'volume = 11;\n  at = new Date();'));
  const stale = await thespian(['generate', '--check'], dir);
  expect(stale.code).toBe(1);
  expect(stale.stderr).toContain('stale: generated/thespian-registry.ts');
  expect(stale.stderr).toMatch(/\+ .*at: \{ kind: "date" \}/);
}, 120_000);

it('diagnostics print as file:line:col with a fix, and exit 1', async () => {
  const r = await thespian(['generate', '-p', path.join(REPO, 'test/codegen/fixtures/diag-two-handlers/tsconfig.json')]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^src\/actor\.ts:8:3: error THS004: .*\n {2}fix: /m);
}, 60_000);
