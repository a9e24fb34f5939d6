import { execFileSync, spawnSync } from 'node:child_process';
import { freePort } from '../support/processes.js';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall, REPO } from '../support/packed-project.js';

/**
 * Issue 12 item 1 and issue 10 items 2 and 5: the package as a user gets it. `npm pack` (which
 * builds), the tarball installed into an empty project, then plain `node`: no tsx, no vitest,
 * no flags.
 */
const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
let dir = '';
let tarball = '';

// Fails the run if ts-morph is imported: only `thespian generate` may load it.
const NO_TS_MORPH = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  'export async function resolve(s, c, n) { if (/^ts-morph(\\\\/|$)/.test(s)) throw new Error("ts-morph was loaded"); return n(s, c); }'));
`;

const GREETER = `import { Actor, ActorBase, Receive, WakeupMessage, type ActorAddress } from 'thespian-ts';

@Actor()
export class Greeter extends ActorBase {
  private asker: ActorAddress | undefined;
  @Receive(String) text(m: string, sender: ActorAddress): void {
    if (m === 'wake') {
      this.asker = sender;
      this.wakeupAfter(10);
    } else this.send(sender, { hello: m, pid: process.pid, entry: process.argv[1], execArgv: process.execArgv });
  }
  // The system's WakeupMessage must be the class this module imported: one framework copy per process.
  @Receive(WakeupMessage) woke(m: WakeupMessage): void {
    this.send(this.asker!, m instanceof WakeupMessage ? 'woke' : 'woke, but from another copy of thespian-ts');
  }
}
`;

const MAIN = `import { ActorSystem } from 'thespian-ts';
const asys = await ActorSystem.start({ base: process.argv[2], transientUnique: true, logDefs: false, registry: 'actors/registry.ts' });
try {
  const out = { mainPid: process.pid };
  const byPath = await asys.createActor('actors/greeter.ts:Greeter');
  out.byPath = await asys.ask(byPath, 'you', 10000);
  const byName = await asys.createActor('Greeter');
  out.wake = await asys.ask(byName, 'wake', 10000);
  out.broken = await asys.createActor('actors/broken.ts:Broken').then(() => 'created', (e) => e.message);
  process.stdout.write(JSON.stringify(out) + '\\n');
} finally {
  await asys.shutdown();
}
`;

const JOIN = `import { ActorSystem } from 'thespian-ts';
const asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, joinOnly: true, logDefs: false, capabilities: { 'Admin Port': Number(process.argv[2]) } });
const a = await asys.createActor('actors/greeter.ts:Greeter');
const reply = await asys.ask(a, 'cli', 10000);
process.stdout.write(JSON.stringify({ reply, admin: (await asys.status()).pid }) + '\\n');
// Leaves the admin running for 'thespian shutdown' (a starter that just returns would wait for the admin: issue 12 item 3).
process.exit(0);
`;

const VITEST_TEST = `import { expect, it } from 'vitest';
import { ActorSystem } from 'thespian-ts';
import { Greeter } from '../actors/greeter.js';

it('a .ts actor on multiprocTCPBase under vitest', async () => {
  const asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false });
  try {
    const byClass = await asys.createActor(Greeter);
    expect(((await asys.ask(byClass, 'vitest', 10000)) as { hello: string }).hello).toBe('vitest');
    const byPath = await asys.createActor('actors/greeter.ts:Greeter');
    expect(await asys.ask(byPath, 'wake', 10000)).toBe('woke');
  } finally {
    await asys.shutdown();
  }
}, 30000);
`;

function npx(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['--no-install', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function node(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 60_000, ...(input ? { input } : {}), env: { ...process.env, NODE_OPTIONS: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the packed package installed into an empty project', () => {
  beforeAll(() => {
    ({ dir, tarball } = packAndInstall());
    mkdirSync(path.join(dir, 'actors'));
    writeFileSync(path.join(dir, 'no-ts-morph.mjs'), NO_TS_MORPH);
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, experimentalDecorators: true, useDefineForClassFields: false } }));
    writeFileSync(path.join(dir, 'actors/greeter.ts'), GREETER);
    writeFileSync(path.join(dir, 'actors/registry.ts'), `import './greeter.js';\n`);
    writeFileSync(path.join(dir, 'actors/broken.ts'), `import 'no-such-package-anywhere';\nexport class Broken {}\n`);
    writeFileSync(path.join(dir, 'main.mjs'), MAIN);
    writeFileSync(path.join(dir, 'join.mjs'), JOIN);
    mkdirSync(path.join(dir, 'test'));
    writeFileSync(path.join(dir, 'test/greeter.test.ts'), VITEST_TEST);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('12.1 the tarball holds the build, templates, README and LICENSE, and no tests or sources', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const f of ['package/dist/runtime/index.mjs', 'package/dist/runtime/actor-main.mjs', 'package/dist/cli/bin.js', 'package/dist/codegen/index.js', 'package/dist/framework/index.d.ts', 'package/README.md', 'package/LICENSE', 'package/package.json']) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.startsWith('package/templates/'))).toBe(true);
    expect(files.filter((f) => /^package\/(test|bench|samples|framework|cli|codegen|scripts)\/|^package\/dist\/(test|bench)\//.test(f))).toEqual([]);
  });

  it('12.1 plain node imports the runtime entry as ESM and CJS without loading ts-morph; thespian-ts/codegen is its own entry', () => {
    const esm = node(['--import', './no-ts-morph.mjs', '--input-type=module', '-e', "import { ActorSystem, ActorBase } from 'thespian-ts'; console.log(typeof ActorSystem.start, typeof ActorBase)"]);
    expect(esm.stderr).toBe('');
    expect(esm.stdout.trim()).toBe('function function');
    const cjs = node(['-e', "const t = require('thespian-ts'); console.log(typeof t.ActorSystem.start)"]);
    expect(cjs.stdout.trim()).toBe('function');
    const codegen = node(['--input-type=module', '-e', "import { generate } from 'thespian-ts/codegen'; console.log(typeof generate)"]);
    expect(codegen.stdout.trim()).toBe('function');
  });

  it('12.1 npx thespian --version and --help work from the installed package, without ts-morph', () => {
    const v = spawnSync('npx', ['--no-install', 'thespian', '--version'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(v.stdout.trim()).toBe(version);
    expect(v.status).toBe(0);
    const help = node(['--import', './no-ts-morph.mjs', 'node_modules/thespian-ts/dist/cli/bin.js', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout + help.stderr).toContain('generate');
  });

  it('10.2 a .ts actor on multiprocTCPBase from a vitest test of the project', () => {
    // This repository's vitest, as the project's devDependency would be (no network here).
    symlinkSync(path.join(REPO, 'node_modules/vitest'), path.join(dir, 'node_modules/vitest'), 'dir');
    const r = node([path.join(dir, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir]);
    expect(r.stdout + r.stderr).toMatch(/1 passed/);
    expect(r.status).toBe(0);
  }, 90_000);

  it('10.2 an admin from `thespian start` runs a .ts actor created by a script that joins it', async () => {
    const port = await freePort();
    const started = npx(['thespian', 'start', '--port', String(port)]);
    expect(started.stderr).toBe('');
    expect(started.status).toBe(0);
    try {
      const r = node(['join.mjs', String(port)]);
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as { reply: { hello: string; pid: number }; admin: number };
      expect(out.reply.hello).toBe('cli');
      expect(out.reply.pid).not.toBe(out.admin);
    } finally {
      const stopped = npx(['thespian', 'shutdown', '--port', String(port)]);
      expect(stopped.status).toBe(0);
    }
  }, 90_000);

  for (const base of ['multiprocTCPBase', 'multiprocQueueBase']) {
    it(`10.2 a .ts actor module runs on ${base} from plain node, in the admin and actor processes, by path and by registry name`, () => {
      const r = node(['main.mjs', base]);
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as { mainPid: number; byPath: { hello: string; pid: number; entry: string; execArgv: string[] }; wake: string; broken: string };
      expect(out.byPath.hello).toBe('you');
      // Its own process, started from the bundled JS with no loader flags (tsx came later, on demand).
      expect(out.byPath.pid).not.toBe(out.mainPid);
      expect(out.byPath.entry).toBe(path.join(dir, 'node_modules/thespian-ts/dist/runtime/actor-main.mjs'));
      expect(out.byPath.execArgv).toEqual([]);
      expect(out.wake).toBe('woke');
      // A failed import names the module, the reason and the fix.
      expect(out.broken).toContain(path.join(dir, 'actors/broken.ts'));
      expect(out.broken).toContain('no-such-package-anywhere');
      expect(out.broken).toContain('install the missing package');
      expect(r.status).toBe(0);
    }, 60_000);
  }
});
