import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorAddress, ActorSystem } from 'thespian-ts';
import { CliParent } from '../fixtures/cli/cli-actors.js';
import { BASES, MULTIPROCESS_BASES, REPLY_MS, startSystem } from '../support/systems.js';

/**
 * Issue 12 item 4: SystemStatus.actorDetails, one ActorStatus per live actor, is what
 * `thespian status` draws as a tree. The guide's 7.13 SystemStatus names no per-actor fields;
 * Thespian's own Thespian_SystemStatus lists actors only, so these are thespian-ts additions.
 */
describe.each(BASES)('7.13 SystemStatus.actorDetails (%s)', (base) => {
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('7.13 SystemStatus lists each live actor with class, globalName, parent, children, mailbox depth and messages handled', async () => {
    const parent = await asys.createActor(CliParent, { globalName: 'boss' });
    expect(await asys.ask(parent, 'one', REPLY_MS)).toBe('echo one');
    const leaf = (await asys.ask(parent, 'child', REPLY_MS)) as ActorAddress;
    // The parent has the address at once; an answer from the leaf says it is live.
    expect(await asys.ask(leaf, 'ping', REPLY_MS)).toBe('ping');
    const st = await asys.status();
    const p = st.actorDetails.find((a) => a.actorAddress.equals(parent))!;
    const l = st.actorDetails.find((a) => a.actorAddress.equals(leaf))!;
    expect(st.actorDetails).toHaveLength(2);
    expect(p).toMatchObject({ actorClass: 'CliParent', globalName: 'boss', parent: null, pendingMessages: 0, messagesReceived: 2 });
    expect(p.childActors.map((a) => a.key)).toEqual([leaf.key]);
    expect(l).toMatchObject({ actorClass: 'CliLeaf', globalName: '', pendingMessages: 0, messagesReceived: 1 });
    expect(l.parent?.key).toBe(parent.key);
    if (MULTIPROCESS_BASES.includes(base)) {
      // Only where each actor is its own process: its pid and when it became live.
      expect(p.pid).toBeGreaterThan(0);
      expect(p.pid).not.toBe(l.pid);
      expect(p.startedAt).toBeLessThanOrEqual(l.startedAt!);
      expect(p.responsive).toBe(true);
    }
  });
});
