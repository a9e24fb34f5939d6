import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect } from 'vitest';
import type { DirectorControl } from 'thespian-ts';
import { eventually, itOn, REPLY_MS } from '../support/systems.js';
import { freePort } from '../support/processes.js';
import { control, makeKeys, tempDir, writeTree } from '../unit/director-support.js';

/** A role actor that keeps the strings the Director sends it and tells them on 'history'. */
function workerFiles(version: string): Record<string, string> {
  return {
    'version.js': `export const VERSION = '${version}';\n`,
    'worker.js': [
      "import { Actor, ActorBase } from 'thespian-ts';",
      "import { VERSION } from './version.js';",
      'export class Worker extends ActorBase {',
      '  seen = [];',
      "  receiveMessage(m, sender) { if (m === 'history') this.send(sender, { version: VERSION, seen: this.seen }); else if (typeof m === 'string') this.seen.push(m); }",
      '}',
      'Actor()(Worker);',
      '',
    ].join('\n'),
  };
}

const TLI = {
  Actors: { 'worker.js:Worker': { OnLoad: { Role: 'Main', Message: 'load' }, OnDeactivate: { Message: 'deactivate' }, OnReactivate: { Message: 'reactivate' } } },
};

const BASES = ['simpleSystemBase', 'multiprocTCPBase'];
const OPT_OUTS: Record<string, string> = {};

const open: DirectorControl[] = [];
afterEach(async () => {
  for (const dc of open.splice(0)) await dc.shutdown();
});

async function setup(base: string, tli: object = TLI): Promise<{ dir: string; gen: (version: string) => Promise<void>; dc: ReturnType<typeof control> }> {
  const dir = tempDir();
  const keys = tempDir();
  const priv = makeKeys(keys, dir, 'dev');
  writeTree(dir, { 'systembase.cfg': JSON.stringify(base), ...(base === 'multiprocTCPBase' ? { 'adminport.cfg': String(await freePort()) } : {}) });
  const gen = async (version: string): Promise<void> => {
    const src = tempDir();
    writeTree(src, { ...workerFiles(version), 'app.tli': JSON.stringify(tli) });
    expect(await control(dir).gensrc('app', priv, src, `version:${version}`, `tli:${join(src, 'app.tli')}`, '*.js')).toBe(0);
  };
  const dc = control(dir);
  open.push(dc);
  return { dir, gen, dc };
}

async function history(dc: DirectorControl, hash: string): Promise<{ version: string; seen: string[] }> {
  const role = await dc.getRoleAddress('Main', { group: 'app' });
  expect(role?.SourceHash).toBe(hash);
  const asys = (await dc.actorSystem())!;
  return (await asys.ask(role!.ActorAddress!, 'history', REPLY_MS)) as { version: string; seen: string[] };
}

describe.each(BASES)('director: load, refresh, unload on %s (director.md 2.7)', (base) => {
  itOn(base, OPT_OUTS)('2.7.2 load starts the system, runs OnLoad; a refresh that supersedes sends OnDeactivate to the old and OnLoad to the new; unloading the new reactivates the old', async () => {
    const { dir, gen, dc } = await setup(base);
    await gen('1.9');
    expect(await dc.load('app')).toBe(0);
    const h1 = /Loaded "app" .*app-1\.9\.tls: ([0-9a-f]{32})/.exec(dc.text())?.[1];
    expect(h1, dc.text()).toBeDefined();
    expect(await history(dc, h1!)).toEqual({ version: '1.9', seen: ['load'] });

    await gen('1.10');
    dc.lines.length = 0;
    expect(await dc.refresh()).toBe(0);
    const h2 = /Loaded "app" .*app-1\.10\.tls: ([0-9a-f]{32})/.exec(dc.text())?.[1];
    expect(h2, dc.text()).toBeDefined();
    expect(await history(dc, h2!)).toEqual({ version: '1.10', seen: ['load'] });
    const asys = (await dc.actorSystem())!;
    const list = control(dir);
    expect(await list.list()).toBe(0);
    expect(list.lines).toEqual([expect.stringMatching(`^"app" 1.10 ${h2} active roles: Main`), expect.stringMatching(`^"app" 1.9 ${h1} roles: Main`)]);

    dc.lines.length = 0;
    expect(await dc.refresh()).toBe(0);
    expect(dc.text()).toMatch(new RegExp(`Current "app" .*app-1\\.10\\.tls: ${h2}`));

    const old = (await asys.ask(await roleOf(dc, h1!), 'history', REPLY_MS)) as { seen: string[] };
    expect(old.seen).toEqual(['load', 'deactivate']);

    expect(await dc.unload(h2!)).toBe(0);
    expect(await history(dc, h1!)).toEqual({ version: '1.9', seen: ['load', 'deactivate', 'reactivate'] });
    const after = await eventually(
      async () => (await asys.status()).loadedSources,
      (l) => !l.includes(h2!),
    );
    expect(after).toContain(h1);
    expect(after).not.toContain(h2);
  }, 60_000);

  itOn(base, OPT_OUTS)('2.7.2 AutoUnload unloads the superseded version after its OnDeactivate; GlobalName names the OnLoad actor; TLS_Keep_Limit prunes old .tls files', async () => {
    const tli = { Actors: { 'worker.js:Worker': { OnLoad: { Role: 'Main', GlobalName: 'app-main', Message: 'load' } } }, AutoUnload: true, TLS_Keep_Limit: 1 };
    const { dir, gen, dc } = await setup(base, tli);
    await gen('1');
    expect(await dc.load('app')).toBe(0);
    const asys = (await dc.actorSystem())!;
    const h1 = (await dc.getRoleAddress('Main'))!.SourceHash!;
    expect((await asys.status()).globalNames['app-main']).toBeDefined();
    await gen('2');
    expect(await dc.refresh()).toBe(0);
    expect(dc.text()).toMatch(/Removed .*app-1\.tls \(TLS_Keep_Limit 1\)/);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tls'))).toEqual(['app-2.tls']);
    const role2 = (await dc.getRoleAddress('Main'))!;
    const h2 = role2.SourceHash!;
    expect(h2).not.toBe(h1);
    // The name passed to the new version's actor once the old one had exited.
    expect((await asys.status()).globalNames['app-main']?.key).toBe(role2.ActorAddress!.key);
    expect(await asys.ask(role2.ActorAddress!, 'history', REPLY_MS)).toEqual({ version: '2', seen: ['load'] });
    const loaded = await eventually(
      async () => (await asys.status()).loadedSources,
      (l) => !l.includes(h1),
    );
    expect(loaded).toEqual([h2]);
    const list = control(dir);
    expect(await list.list()).toBe(0);
    expect(list.lines).toEqual([expect.stringMatching(`^"app" 2 ${h2} active roles: Main`)]);
  }, 60_000);

  itOn(base, OPT_OUTS)('2.2 a package whose signature does not verify is not loaded, and load says why', async () => {
    const { dir, gen, dc } = await setup(base);
    await gen('1');
    const { renameSync } = await import('node:fs');
    renameSync(join(dir, 'dev_tls.key'), join(dir, 'dev_tls.key.disabled'));
    expect(await dc.load(join(dir, 'app-1.tls'))).toBe(1);
    expect(dc.text()).toMatch(/load of "app" .*app-1\.tls rejected: no public key \(\*_tls\.key\)/);
    const list = control(dir);
    expect(await list.list()).toBe(0);
    expect(list.text()).toBe('no sources loaded');
  }, 60_000);
});

/** The Main role's actor of one (possibly inactive) source, from the Director's RetrieveAll. */
async function roleOf(dc: DirectorControl, hash: string): Promise<import('thespian-ts').ActorAddress> {
  const asys = (await dc.actorSystem())!;
  const director = await asys.createActor('DirectorActor', { globalName: 'Director' });
  const all = (await asys.ask(director, { DirectorOp: 'RetrieveAll' }, REPLY_MS)) as { Sources: { SourceHash: string; Roles: Record<string, import('thespian-ts').ActorAddress> }[] };
  return all.Sources.find((s) => s.SourceHash === hash)!.Roles['Main']!;
}
