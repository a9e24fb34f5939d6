import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO, run, type Run } from './cli-run.js';

/**
 * The user's path end to end: `thespian new` (the built bin), `npm install` (thespian-ts
 * through a file: link to this repo, the rest from the registry or npm's cache), the
 * project's own tests, `generate --check` green, then an edited message makes it fail.
 */
let tmp: string;
const bin = path.join(REPO, 'dist', 'cli', 'bin.js');

function ok(r: Run): string {
  return r.code === 0 ? '' : `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'thespian-new-'));
  // The package build (what `prepare` runs): the bin, and the runtime bundles 'thespian-ts' resolves to.
  await run('node', [path.join(REPO, 'scripts', 'build.mjs')], REPO);
  expect(existsSync(bin) && existsSync(path.join(REPO, 'dist', 'runtime', 'index.mjs'))).toBe(true);
}, 120_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

it('basic: new -> install -> test -> generate --check green -> edit a message -> --check fails', async () => {
  const proj = path.join(tmp, 'basic-app');
  const created = await run('node', [bin, 'new', proj], tmp);
  expect(ok(created)).toBe('');
  expect(JSON.parse(await readFile(path.join(proj, 'package.json'), 'utf8')).dependencies['thespian-ts']).toBe(`file:${REPO}`);

  expect(ok(await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], proj))).toBe('');
  expect(ok(await run('npm', ['test'], proj))).toBe('');
  const check = await run('npm', ['run', 'check'], proj);
  expect(ok(check)).toBe('');
  expect(check.stdout).toMatch(/1 actors, 1 messages, up to date/);

  const messages = path.join(proj, 'src', 'messages.ts');
  await writeFile(messages, (await readFile(messages, 'utf8')).replace("public name = ''", "public name = '', public when = new Date()"));
  const stale = await run('npm', ['run', 'ci'], proj);
  expect(stale.code).not.toBe(0);
  expect(stale.stderr).toContain('stale: generated/thespian-registry.ts');
  expect(stale.stderr).toMatch(/\+ .*when: \{ kind: "date" \}/);
}, 150_000);

it.each(['troupe', 'convention'])('%s template: tests pass and its committed registry is current', async (template) => {
  const proj = path.join(tmp, `${template}-app`);
  expect(ok(await run('node', [bin, 'new', proj, '--template', template], tmp))).toBe('');
  // Same dependencies as the basic template: reuse its install rather than a second one.
  await symlink(path.join(tmp, 'basic-app', 'node_modules'), path.join(proj, 'node_modules'));
  expect(ok(await run('npm', ['test'], proj))).toBe('');
  expect(ok(await run('npm', ['run', 'check'], proj))).toBe('');
}, 60_000);
