import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Capabilities } from '../../framework/actor/context.js';
import { ConventionLinks } from '../../framework/convention/convention-port.js';
import { LeaderProtocol } from '../../framework/convention/leader-protocol.js';
import type { MembershipEvent } from '../../framework/convention/membership.js';
import { TcpTransport } from '../../framework/transport/tcp-transport.js';
import { waitFor } from '../support/wait-for.js';

interface Admin {
  protocol: LeaderProtocol;
  transport: TcpTransport;
  events: string[];
  logs: string[];
}

/** The glue an admin will have: convention frames in, sends and failed sends out, over TCP. */
async function admin(capabilities: Capabilities, leaders: (self: string) => string[], secret: Uint8Array): Promise<Admin> {
  let links: ConventionLinks | undefined;
  const transport = await TcpTransport.start(
    { onEnvelope: (env) => void links?.onEnvelope(env), onUndeliverable: (env, target) => void links?.onUndeliverable(env, target) },
    { secret, connectTimeoutMs: 1000 },
  );
  const self = transport.address;
  links = new ConventionLinks(self, transport);
  const events: string[] = [];
  const logs: string[] = [];
  const protocol = new LeaderProtocol({
    self,
    capabilities,
    leaders: leaders(self),
    reregistrationMs: 200,
    missMax: 2,
    log: (level, text) => void logs.push(`${level}: ${text}`),
    port: links.port,
  });
  links.receiver = protocol;
  protocol.subscribe((e: MembershipEvent) => void events.push(`${e.type} ${e.member.address}${e.why ? ` (${e.why})` : ''}`));
  protocol.start();
  return { protocol, transport, events, logs };
}

describe('4.11.1 leader protocol over real TCP sockets (two transports on OS-assigned loopback ports)', () => {
  it('4.11.1 register, answer, capability update, orderly leave; and a leader drops a member whose process is gone', async () => {
    const secret = randomBytes(32);
    const L = await admin({ role: 'leader' }, (self) => [self], secret);
    const M = await admin({ role: 'member' }, () => [L.transport.address], secret);
    const M2 = await admin({ role: 'member2' }, () => [L.transport.address], secret);
    try {
      await waitFor(() => L.protocol.members().length === 2 && M.events.length === 1, 'both members to join the leader');
      expect(L.events.sort()).toEqual([`joined ${M.transport.address}`, `joined ${M2.transport.address}`].sort());
      expect(M.events).toEqual([`joined ${L.transport.address}`]);
      expect(M.protocol.leader()).toBe(L.transport.address);
      expect(L.protocol.members().find((m) => m.address === M.transport.address)?.capabilities).toEqual({ role: 'member', 'Thespian Version': 310 });

      M.protocol.updateCapabilities({ role: 'member', gpu: true });
      await waitFor(() => L.events.includes(`updated ${M.transport.address}`), 'the capability update to reach the leader');
      expect(L.protocol.members().find((m) => m.address === M.transport.address)?.capabilities).toMatchObject({ gpu: true });

      M.protocol.stop();
      await waitFor(() => L.events.includes(`left ${M.transport.address} (deregistered)`), 'the orderly de-registration');

      // M2's process goes away without a word: the leader waits out MISS_MAX (2) periods of 200 ms.
      const t0 = Date.now();
      await M2.transport.close();
      await waitFor(() => L.events.includes(`left ${M2.transport.address} (missed)`), 'the leader to drop the silent member', 5000);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
      expect(L.logs.join('\n')).toMatch(/missed 2 check-ins/);
    } finally {
      for (const a of [L, M, M2]) a.protocol.stop();
      await Promise.all([L.transport.close(), M.transport.close(), M2.transport.close()]);
    }
  });

  it('4.11.1 a member whose leader is unreachable counts the failed transmits and starts over', async () => {
    const secret = randomBytes(32);
    const L = await admin({}, (self) => [self], secret);
    const M = await admin({}, () => [L.transport.address], secret);
    try {
      await waitFor(() => M.events.length === 1, 'the member to join');
      L.protocol.stop();
      // The goodbye must leave before the transport closes (close fails what is still queued).
      await waitFor(() => M.events.includes(`left ${L.transport.address} (deregistered)`), 'the leader to say goodbye', 5000);
      await L.transport.close();
      // Registrations to a closed port fail (ECONNREFUSED): the member keeps trying, logged.
      await waitFor(() => M.logs.some((l) => /registration lost/.test(l)), 'the member to give up and start over', 5000);
      expect(M.logs.join('\n')).toMatch(new RegExp(`registration with convention leader ${L.transport.address} could not be delivered`));
    } finally {
      M.protocol.stop();
      await M.transport.close();
    }
  });
});
