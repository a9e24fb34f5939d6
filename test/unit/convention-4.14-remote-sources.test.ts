import { describe, expect, it } from 'vitest';
import { RemoteSources } from '../../framework/bases/multiproc/admin/remote-sources.js';
import type { AdminPort } from '../../framework/bases/multiproc/admin/admin-port.js';
import type { DeskPort } from '../../framework/bases/multiproc/admin/desk-port.js';
import type { RemoteRequest } from '../../framework/bases/multiproc/protocol.js';

function rig(allow: unknown, leader = 'L:1') {
  const sent: { to: string; req: RemoteRequest }[] = [];
  const adopted: string[] = [];
  const logs: string[] = [];
  const admin = {
    core: {
      capabilities: allow === undefined ? {} : { AllowRemoteActorSources: allow },
      sources: { has: (h: string) => adopted.includes(h), adopt: async (h: string) => (adopted.push(h), true), zipOf: () => new Uint8Array([1]), infoOf: () => 'info' },
    },
    options: { log: (_l: string, m: string) => void logs.push(m) },
  } as unknown as AdminPort;
  const desk = { self: 'S:1', active: true, membership: { leader: () => leader, place: () => ({ kind: 'none' }) }, send: (to: string, req: RemoteRequest) => void sent.push({ to, req }), sources: { ensure: () => {} } } as unknown as DeskPort;
  return { sources: new RemoteSources(admin, desk), sent, adopted, logs };
}

describe("4.14 / 9.1 'AllowRemoteActorSources' (sources pulled from another system of the convention)", () => {
  it("'Yes' (the default) pulls the source from the system that asked, once, for every creation waiting on it", async () => {
    const { sources, sent, adopted } = rig(undefined);
    const results: boolean[] = [];
    sources.ensure('h1', 'M:2', (ok) => void results.push(ok));
    sources.ensure('h1', 'M:2', (ok) => void results.push(ok));
    expect(sent).toEqual([{ to: 'M:2', req: { op: 'remote-source?', hash: 'h1' } }]);
    await sources.answered({ op: 'remote-source', hash: 'h1', zip: new Uint8Array([1, 2]), info: 'pkg' }, 'M:2');
    expect(adopted).toEqual(['h1']);
    expect(results).toEqual([true, true]);
  });

  it("'LeaderOnly' takes a source from this system's leader and from no other member", () => {
    const { sources, sent } = rig('LeaderOnly', 'L:1');
    const results: (string | undefined)[] = [];
    sources.ensure('h2', 'M:2', (_ok, why) => void results.push(why));
    expect(results[0]).toMatch(/'AllowRemoteActorSources' is "LeaderOnly".*but its leader \(L:1\)/);
    sources.ensure('h2', 'L:1', (ok) => void results.push(ok ? 'ok' : 'no'));
    expect(sent.map((s) => s.to)).toEqual(['L:1']);
  });

  it("'No' takes none, and says which capability refused it", () => {
    const { sources, sent } = rig('No');
    let why: string | undefined;
    sources.ensure('h3', 'L:1', (_ok, w) => void (why = w));
    expect(why).toMatch(/'AllowRemoteActorSources' is "No": it runs no source loaded on another system/);
    expect(sent).toEqual([]);
  });

  it('an answer nobody asked for, or a null package, loads nothing', async () => {
    const { sources, adopted, logs } = rig('Yes');
    await sources.answered({ op: 'remote-source', hash: 'hx', zip: new Uint8Array([1]), info: '' }, 'M:2');
    expect(adopted).toEqual([]);
    expect(logs.join('\n')).toMatch(/was not asked for/);
    let why: string | undefined;
    sources.ensure('h4', 'M:2', (_ok, w) => void (why = w));
    await sources.answered({ op: 'remote-source', hash: 'h4', zip: null, info: '' }, 'M:2');
    expect(why).toMatch(/M:2 has no source h4 loaded/);
  });
});
