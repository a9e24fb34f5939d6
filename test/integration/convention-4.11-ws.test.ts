import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ActorAddress } from '../../framework/actor/address.js';
import type { Capabilities } from '../../framework/actor/context.js';
import { readConventionConfig } from '../../framework/convention/convention-config.js';
import { CONVENTION_TARGET_KEY, ConventionLinks } from '../../framework/convention/convention-port.js';
import { LeaderProtocol } from '../../framework/convention/leader-protocol.js';
import { WsTransport } from '../../framework/transport/ws-transport.js';
import { waitFor } from '../support/wait-for.js';

interface Admin {
  protocol: LeaderProtocol;
  transport: WsTransport;
  events: string[];
  logs: string[];
}

/** An admin whose convention links are WebSocket only, its key from 'Convention Key'. */
async function wsAdmin(capabilities: Capabilities, leaders: (self: string) => string[]): Promise<Admin> {
  const config = readConventionConfig(capabilities, { THESPIAN_CONVENTION_REREGISTRATION_MS: '200', THESPIAN_CONVENTION_MISS_MAX: '2' });
  const logs: string[] = [];
  let links: ConventionLinks | undefined;
  const transport = await WsTransport.start(
    { onEnvelope: (env) => void links?.onEnvelope(env), onUndeliverable: (env, t) => void links?.onUndeliverable(env, t), log: (level, text) => void logs.push(`${level}: ${text}`) },
    { ...(config.key ? { secret: config.key } : {}), connectTimeoutMs: 1000 },
  );
  const self = transport.address;
  links = new ConventionLinks(self, transport, (text) => void logs.push(`links: ${text}`));
  const protocol = new LeaderProtocol({
    self,
    capabilities,
    leaders: leaders(self),
    reregistrationMs: config.reregistrationMs,
    missMax: config.missMax,
    port: links.port,
    log: (level, text) => void logs.push(`${level}: ${text}`),
  });
  links.receiver = protocol;
  const events: string[] = [];
  protocol.subscribe((e) => void events.push(`${e.type} ${e.member.address}${e.why ? ` (${e.why})` : ''}`));
  protocol.start();
  return { protocol, transport, events, logs };
}

describe("issue 13.8 convention over WebSocket ('Convention Address.IPv4': 'ws://host:port/path')", () => {
  it("issue 13.8 a member registers with a ws:// leader; issue 13.7 one with another 'Convention Key' is refused and logged on both sides", async () => {
    const key = randomBytes(24).toString('hex');
    const L = await wsAdmin({ 'Convention Key': key, role: 'leader' }, (self) => [self]);
    const M = await wsAdmin({ 'Convention Key': key, role: 'member' }, () => [L.transport.address]);
    const S = await wsAdmin({ 'Convention Key': randomBytes(24).toString('hex'), role: 'stranger' }, () => [L.transport.address]);
    try {
      expect(L.transport.address).toMatch(/^ws:\/\//);
      await waitFor(() => L.events.includes(`joined ${M.transport.address}`) && M.events.includes(`joined ${L.transport.address}`), 'the member to join over WebSocket', 5000);
      await waitFor(() => S.logs.some((l) => /could not be delivered/.test(l)), 'the stranger to see its registration refused', 5000);
      expect(S.logs.join('\n')).toMatch(/warning: link to ws:\/\/.* closed: .*did not prove it holds this system's secret/);
      await waitFor(() => L.logs.some((l) => /closing unauthenticated WebSocket connection/.test(l)), 'the leader to log the refusal');
      expect(L.protocol.members().map((m) => m.address)).toEqual([M.transport.address]);
      expect(S.events).toEqual([]);

      // Only convention messages reach the protocol; anything else at its key is logged and dropped.
      M.transport.send(L.transport.address, { targetKey: CONVENTION_TARGET_KEY, sender: new ActorAddress(M.transport.address), message: 'not a registration' });
      await waitFor(() => L.logs.some((l) => /links: dropped a String sent to the convention/.test(l)), 'the stray message to be logged');

      M.protocol.stop();
      await waitFor(() => L.events.includes(`left ${M.transport.address} (deregistered)`), 'the orderly leave over WebSocket', 5000);
    } finally {
      for (const a of [M, S, L]) a.protocol.stop();
      await Promise.all([L.transport.close(), M.transport.close(), S.transport.close()]);
    }
  });
});
