import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO, run, type Run } from './cli-run.js';
import { freePort } from '../support/processes.js';

/**
 * The user's path end to end: `thespian new` (the built bin), `npm install` (thespian-ts
 * through `--framework` pointing at this checkout, the rest from npm's cache: it works
 * offline), `npm start` on two bases, the project's own tests (simple and TCP bases),
 * `generate --check` green, then an edited message makes the CI script fail.
 */
let tmp: string;
const bin = path.join(REPO, 'dist', 'cli', 'bin.js');

/** A command in a generated project, as its user runs it: tsx reads the project's own tsconfig. */
function inProject(cmd: string, args: readonly string[], proj: string): Promise<Run> {
  return run(cmd, args, proj, 120_000, { TSX_TSCONFIG_PATH: path.join(proj, 'tsconfig.json') });
}

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

it('by default the project depends on thespian-ts@^<this version>, and a checkout says which it chose', async () => {
  const proj = path.join(tmp, 'default-dep');
  const created = await run('node', [bin, 'new', proj], tmp);
  expect(ok(created)).toBe('');
  const pkg = JSON.parse(await readFile(path.join(proj, 'package.json'), 'utf8'));
  const version = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')).version as string;
  expect(pkg.dependencies['thespian-ts']).toBe(`^${version}`);
  expect(created.stdout).toContain(`thespian-ts dependency: ^${version} (from the npm registry)`);
  expect(created.stdout).toContain(`this CLI runs from a source checkout (${REPO}); to depend on it instead: thespian new ${proj} --framework ${REPO}`);
  expect(pkg.scripts).toMatchObject({ start: 'tsx src/main.ts', ci: expect.stringContaining('thespian generate --check') });
  expect(pkg.devDependencies.tsx).toBeDefined();
  const readme = await readFile(path.join(proj, 'README.md'), 'utf8');
  expect(readme).toMatch(/^# default-dep\n/);
  for (const command of ['npm start', 'npm test', 'npm run generate', 'npm run check', 'npm run ci']) expect(readme).toContain(`\`${command}\``);
  const missing = await run('node', [bin, 'new', path.join(tmp, 'nope'), '--framework', './no/such.tgz'], tmp);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('error NEW_FRAMEWORK_MISSING: --framework ./no/such.tgz: no such file or folder');
});

it('basic: new --framework <checkout> -> install -> start on two bases -> test -> generate --check green -> edit a message -> ci fails', async () => {
  const proj = path.join(tmp, 'basic-app');
  const created = await run('node', [bin, 'new', proj, '--framework', REPO], tmp);
  expect(ok(created)).toBe('');
  expect(JSON.parse(await readFile(path.join(proj, 'package.json'), 'utf8')).dependencies['thespian-ts']).toBe(`file:${REPO}`);
  expect(created.stdout).toContain(`thespian-ts dependency: file:${REPO} (as given by --framework)`);

  expect(ok(await inProject('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], proj))).toBe('');
  const started = await inProject('npm', ['start'], proj);
  expect(ok(started)).toBe('');
  expect(started.stdout).toContain('Hello, world!');
  const tcp = await inProject('npm', ['start', '--', 'multiprocTCPBase'], proj);
  expect(ok(tcp)).toBe('');
  expect(tcp.stdout).toContain('Hello, world!');
  const tested = await inProject('npm', ['test'], proj);
  expect(ok(tested)).toBe('');
  expect(tested.stdout).toMatch(/Tests +4 passed/);
  const check = await inProject('npm', ['run', 'check'], proj);
  expect(ok(check)).toBe('');
  expect(check.stdout).toMatch(/1 actors, 1 messages, up to date/);

  const messages = path.join(proj, 'src', 'messages.ts');
  await writeFile(messages, (await readFile(messages, 'utf8')).replace("public name = ''", "public name = '', public when = new Date()"));
  const stale = await inProject('npm', ['run', 'ci'], proj);
  expect(stale.code).not.toBe(0);
  expect(stale.stderr).toContain('stale: generated/thespian-registry.ts');
  expect(stale.stderr).toMatch(/\+ .*when: \{ kind: "date" \}/);
}, 240_000);

it.each(['troupe', 'convention'])('%s template: tests pass and its committed registry is current', async (template) => {
  const proj = path.join(tmp, `${template}-app`);
  expect(ok(await run('node', [bin, 'new', proj, '--template', template, '--framework', REPO], tmp))).toBe('');
  // Same dependencies as the basic template: reuse its install rather than a second one.
  await symlink(path.join(tmp, 'basic-app', 'node_modules'), path.join(proj, 'node_modules'));
  expect(ok(await inProject('npm', ['test'], proj))).toBe('');
  expect(ok(await inProject('npm', ['run', 'check'], proj))).toBe('');
  expect(ok(await inProject('npm', ['start', '--', 'multiprocTCPBase'], proj))).toBe('');
}, 120_000);

/** The `npx thespian ...` lines of the README's CLI section, comments removed, as argument lists. */
async function readmeCommands(): Promise<string[][]> {
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## CLI'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l.startsWith('npx thespian '))
    .map((l) => l.split(/\s+/).slice(2));
}

/** The shell reads its commands from stdin. */
function shellRun(args: string[], cwd: string, input: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('node', [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * Issue 12 item 8: every command the README's CLI section shows runs, in the order shown, with
 * the built bin as `npx thespian` runs it, and does what its comment says. System commands get
 * a free port (tests never rely on 1900 being free); the new project reuses the basic install.
 */
it('README: every `npx thespian` command of its CLI section runs, in order (new, generate --check, start, status, shell, logs, shutdown)', async () => {
  const commands = await readmeCommands();
  expect(commands.map((c) => c[0])).toEqual(['new', 'generate', 'start', 'status', 'shell', 'logs', 'shutdown']);
  const port = String(await freePort());
  let project = tmp;
  for (const args of commands) {
    const full = ['start', 'status', 'shell', 'logs', 'shutdown'].includes(args[0]!) ? [...args, '--port', port] : args;
    const r = args[0] === 'shell' ? await shellRun(full, project, 'status\nexit\n') : await run('node', [bin, ...full], project);
    expect(r.code, `${full.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
    if (args[0] === 'new') {
      project = path.join(tmp, args[1]!);
      await symlink(path.join(tmp, 'basic-app', 'node_modules'), path.join(project, 'node_modules'));
    }
    if (args[0] === 'generate') expect(r.stdout).toMatch(/up to date/);
    if (args[0] === 'start') expect(r.stdout).toMatch(/^started multiprocTCPBase admin on port \d+/);
    if (args[0] === 'status' || args[0] === 'shell') expect(r.stdout).toMatch(/multiprocTCPBase admin {2}pid \d+/);
    if (args[0] === 'logs') expect(r.stdout).toMatch(/INFO admin: multiprocTCPBase admin started on port/);
    if (args[0] === 'shutdown') expect(r.stdout).toMatch(/admin \(pid \d+\) and its actors shut down/);
  }
}, 120_000);
