import { describe, expect, it } from 'vitest';
import { ActorAddress, ActorBase, InvalidActorSourceHash, InvalidActorSpecification, LoadedSource, ValidateSource, ValidatedSource, buildSourcePackage } from 'thespian-ts';
import { readSourcePackage } from '../../framework/sources/package-format.js';
import { PackageModules } from '../../framework/sources/package-loader.js';
import { SourceRegistry } from '../../framework/sources/source-registry.js';

async function modules(files: Record<string, string>, hash = 'h1'): Promise<PackageModules> {
  return new PackageModules(hash, readSourcePackage(await buildSourcePackage(files)).files);
}

const ACTOR = (body = '') =>
  `import { ActorBase } from 'thespian-ts';\n${body}\nexport class A extends ActorBase {}\n`;

describe('package module loading (spec 6.10, issue 11 item 1)', () => {
  it('6.10 a package class extends the host ActorBase; TypeScript modules with legacy decorators load too', async () => {
    const m = await modules({
      'a.js': ACTOR(),
      'b.ts': "import { Actor, ActorBase } from 'thespian-ts';\n@Actor()\nexport class B extends ActorBase { private n: number = 1; }\n",
    });
    expect(m.actorClass('a.js:A').prototype).toBeInstanceOf(ActorBase);
    expect(m.actorClass('./b.js:B').name).toBe('B');
  });

  it('6.10 bare names resolve only from node_modules/ inside the package; the host packages stay out of reach', async () => {
    const m = await modules({ 'a.js': ACTOR("import 'ws';") });
    expect(() => m.actorClass('a.js:A')).toThrowError(/cannot resolve 'ws' imported by 'a.js': bare names load only from node_modules\/ inside the package/);
    const scoped = await modules({
      'a.js': ACTOR("import { v } from '@x/y/sub.js'; if (v !== 7) throw new Error('wrong');"),
      'node_modules/@x/y/sub.js': 'export const v = 7;',
    });
    expect(scoped.actorClass('a.js:A').name).toBe('A');
    const viaExports = await modules({
      'lib/a.js': ACTOR("import z from 'z'; if (z !== 'zed') throw new Error('wrong');"),
      'node_modules/z/package.json': JSON.stringify({ exports: { '.': { import: './esm.js', require: './cjs.js' } } }),
      'node_modules/z/esm.js': "export default 'zed';",
    });
    expect(viaExports.actorClass('lib/a.js:A').name).toBe('A');
  });

  it('6.10 an import may not climb out of the package or name an absolute path', async () => {
    const up = await modules({ 'a.js': ACTOR("import '../outside.js';") });
    expect(() => up.actorClass('a.js:A')).toThrowError(/leads outside the package/);
    const abs = await modules({ 'a.js': ACTOR("import '/etc/passwd';") });
    expect(() => abs.actorClass('a.js:A')).toThrowError(/absolute paths are not allowed/);
    expect(() => up.actorClass('../a.js:A')).toThrowError(InvalidActorSpecification);
  });

  it('6.10 a missing export, a non-actor export and a module that throws are InvalidActorSpecification naming the module', async () => {
    const m = await modules({ 'a.js': ACTOR('export const x = 1;'), 'bad.js': "throw new Error('boom at load');" });
    expect(() => m.actorClass('a.js:Nope')).toThrowError(/module 'a.js' of source h1 has no export 'Nope' \(it exports: A, x\)/);
    expect(() => m.actorClass('a.js:x')).toThrowError(/is not an actor class/);
    expect(() => m.actorClass('bad.js:A')).toThrowError(/evaluating 'bad.js' failed: boom at load/);
    expect(() => m.actorClass('missing.js:A')).toThrowError(/cannot resolve '.\/missing.js'/);
  });

  it('6.10 each source hash has its own module state; modules of one hash are evaluated once', async () => {
    const files = { 'a.js': ACTOR('export const made = (globalThis.__pkgEvaluations = (globalThis.__pkgEvaluations ?? 0) + 1);') };
    const g = globalThis as { __pkgEvaluations?: number };
    g.__pkgEvaluations = 0;
    const one = await modules(files, 'one');
    const two = await modules(files, 'two');
    expect(one.actorClass('a.js:A')).toBe(one.actorClass('a.js:A'));
    expect(one.actorClass('a.js:A')).not.toBe(two.actorClass('a.js:A'));
    expect(g.__pkgEvaluations).toBe(2);
  });
});

describe('SourceRegistry (spec 5.8-5.11, 7.8-7.11)', () => {
  const authority = new ActorAddress('auth', 'Authority');

  function registry() {
    const posts: { to: string; message: unknown }[] = [];
    const logs: string[] = [];
    const reg = new SourceRegistry({ post: (to, message) => posts.push({ to: to.key, message }), log: (level, m) => logs.push(`${level}: ${m}`) });
    return { reg, posts, logs };
  }

  it('5.8 nothing from a package is evaluated before the authority validated it', async () => {
    const g = globalThis as { __sideEffect?: boolean };
    g.__sideEffect = false;
    const zip = await buildSourcePackage({ 'a.js': ACTOR('globalThis.__sideEffect = true;') });
    const { reg, posts } = registry();
    reg.setAuthority(authority);
    const hash = reg.load(zip);
    expect(posts).toEqual([{ to: 'auth', message: expect.any(ValidateSource) }]);
    expect(() => reg.actorClass(hash, 'a.js:A')).toThrowError(InvalidActorSourceHash);
    expect(g.__sideEffect).toBe(false);
    await reg.validated(new ValidatedSource(hash, zip), authority);
    expect(g.__sideEffect).toBe(false);
    reg.actorClass(hash, 'a.js:A');
    expect(g.__sideEffect).toBe(true);
  });

  it('7.9 a rejection, a stranger\'s ValidatedSource and a validated package with a flipped byte are each refused with a log line naming the reason', async () => {
    const zip = await buildSourcePackage({ 'a.js': ACTOR('export const text = "some text long enough to flip a byte in";') });
    const { reg, logs, posts } = registry();
    reg.setAuthority(authority);
    const rejected = reg.load(zip, { info: 'rejected one' });
    await reg.validated(new ValidatedSource(rejected, null), authority);
    expect(logs.at(-1)).toMatch(/^warning: source \w+ rejected by the source authority \(rejected one\); not loaded/);
    const hash = reg.load(zip);
    await reg.validated(new ValidatedSource(hash, zip), new ActorAddress('stranger'));
    expect(logs.at(-1)).toMatch(/from .*stranger.* ignored: only the registered source authority validates sources/);
    const flipped = zip.slice();
    const at = Buffer.from(flipped).indexOf('a.js') + 40;
    flipped[at] = (flipped[at] as number) ^ 0xff;
    await reg.validated(new ValidatedSource(hash, flipped), authority);
    expect(logs.at(-1)).toMatch(/^error: source \w+ validated but not loaded: source package refused/);
    expect(reg.hashes()).toEqual([]);
    expect(posts.filter((p) => p.message instanceof LoadedSource)).toEqual([]);
    expect(() => reg.check(hash)).toThrowError(/not a valid source package/);
  });
});
