import { afterEach, describe, expect, it } from 'vitest';
import type { ActorSystem } from 'thespian-ts';
import { RuntimeProbe } from '../fixtures/runtime-actors.js';
import { BASES, MULTIPROCESS_BASES, REPLY_MS, startSystem } from '../support/systems.js';

/**
 * Issue 10 items 1 and 2, with the framework run from its sources (as vitest does): actor
 * processes run the esbuild bundle, never tsx; this fixture is TypeScript, so the child loads
 * tsx for it on demand, and maps its `import 'thespian-ts'` to the bundle it runs, so the
 * system messages it receives are instances of the classes it imported.
 */
describe.each(MULTIPROCESS_BASES.filter((b) => BASES.includes(b)))('child processes on %s', (base) => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('10.1 an actor process runs the bundled runtime with no loader flags', async () => {
    asys = await startSystem(base);
    const probe = await asys.createActor(RuntimeProbe);
    const how = (await asys.ask(probe, 'how', REPLY_MS)) as { entry: string; execArgv: string[] };
    expect(how.entry).toMatch(/actor-main\.mjs$/);
    expect(how.execArgv.join(' ')).not.toMatch(/tsx/);
  });

  it('10.1 system messages reaching a TypeScript actor are instances of the classes its module imported', async () => {
    asys = await startSystem(base);
    const probe = await asys.createActor(RuntimeProbe);
    expect(await asys.ask(probe, 'wake', REPLY_MS)).toBe('wakeup is ours');
    expect(await asys.ask(probe, 'child', REPLY_MS)).toBe('exit notice is ours');
  });
});
