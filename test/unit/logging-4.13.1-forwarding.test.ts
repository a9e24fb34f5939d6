import { describe, expect, it } from 'vitest';
import { ActorAddress } from 'thespian-ts';
import type { Envelope, OutboundEnvelope, Transport } from '../../framework/transport/index.js';
import { Admin } from '../../framework/bases/multiproc/admin/admin.js';
import { ProcessActorContext } from '../../framework/bases/multiproc/actor-process/actor-context.js';
import type { ActorProcess } from '../../framework/bases/multiproc/actor-process/actor-process.js';
import { KIND_ADMIN, type AdminRequest, type ControlMessage } from '../../framework/bases/multiproc/protocol.js';

/** A transport that records what the admin sends, so forwarding is observed without sockets. */
function recordingTransport(): Transport & { sent: { target: string; message: ControlMessage }[] } {
  const sent: { target: string; message: ControlMessage }[] = [];
  return {
    address: 'test-admin',
    sent,
    send(target: string, env: Envelope | OutboundEnvelope) {
      sent.push({ target, message: (env as { message: ControlMessage }).message });
      return 'queued';
    },
  } as unknown as Transport & { sent: typeof sent };
}

function request(admin: Admin, from: string, message: AdminRequest): void {
  admin.onEnvelope({ targetKey: admin.key, sender: new ActorAddress(`${from}#ext`), kind: KIND_ADMIN, system: true, message } as never);
}

describe('4.13.1-4.13.2 levels apply before records cross a process boundary', () => {
  it("4.13.1 the admin forwards to each starter only records at or above that starter's level", async () => {
    const transport = recordingTransport();
    const admin = new Admin(transport, { baseName: 'test', transportKind: 'tcp', host: '127.0.0.1', capabilities: {}, log: () => {}, logLevel: 50 });
    request(admin, 'warnStarter', { op: 'attach', reqId: 1, logs: true, logLevel: 30 });
    request(admin, 'debugStarter', { op: 'attach', reqId: 2, logs: true, logLevel: 10 });
    request(admin, 'quietStarter', { op: 'attach', reqId: 3, logs: false });
    for (const level of ['debug', 'info', 'error']) request(admin, 'actor', { op: 'log', level, message: level, actorAddress: 'a', actorClass: 'A' });
    await new Promise((r) => setImmediate(r));
    const got = (route: string) => transport.sent.filter((s) => s.target === route && s.message.op === 'log-record').map((s) => (s.message as { message: string }).message);
    expect(got('warnStarter')).toEqual(['error']);
    expect(got('debugStarter')).toEqual(['debug', 'info', 'error']);
    expect(got('quietStarter')).toEqual([]);
  });

  it('4.13.2 an actor process drops records below the level in its start order, before sending', () => {
    const toAdmin: AdminRequest[] = [];
    const proc = { order: { logLevel: 30 }, address: new ActorAddress('c1#a', 'Worker'), className: 'Worker', router: { toAdmin: (m: AdminRequest) => toAdmin.push(m) } };
    const ctx = new ProcessActorContext(proc as unknown as ActorProcess);
    for (const level of ['debug', 'info', 'warning', 'critical'] as const) ctx.log(level, level);
    expect(toAdmin).toEqual([
      { op: 'log', level: 'warning', message: 'warning', actorAddress: String(proc.address), actorClass: 'Worker' },
      { op: 'log', level: 'critical', message: 'critical', actorAddress: String(proc.address), actorClass: 'Worker' },
    ]);
  });
});
