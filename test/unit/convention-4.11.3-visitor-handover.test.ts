import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ActorAddress } from 'thespian-ts';
import type { Envelope, OutboundEnvelope, Transport } from '../../framework/transport/index.js';
import { Admin } from '../../framework/bases/multiproc/admin/admin.js';
import { CONVENTION_TARGET_KEY } from '../../framework/convention/convention-port.js';
import { ConventionRegister } from '../../framework/convention/convention-messages.js';
import type { ConventionConfig } from '../../framework/convention/convention-config.js';
import { KIND_ADMIN, KIND_USER, REMOTE_TARGET_KEY, type AdminRequest, type RemoteRequest } from '../../framework/bases/multiproc/protocol.js';

/**
 * Spec 4.11.3, the race behind test_HAConvention test04's last step (issue 13): a member
 * (tottenham) makes Roger's key and passes the creation to its leader (leicester), which starts
 * it as a visitor, finds that its class declines leicester too, and passes it on to victoria2.
 * The creator had Roger's address at once, so a message for it can reach leicester's admin
 * while leicester still holds the visitor 'starting'. When the visitor is passed on, what
 * waited for it there must follow the key to its home (which holds it until the system that
 * runs it answers), not vanish with the visitor's entry.
 */
const LEICESTER = '127.0.0.1:2002';
const TOTTENHAM = '127.0.0.1:2004';
const VICTORIA2 = '127.0.0.1:2001';
const ROGER = `${TOTTENHAM}~k1.2/1`;
/** The process the visitor was started in, and a process of leicester that asks for Roger's route. */
const VISITOR_PROCESS = '127.0.0.1:3001';
const ASKING_PROCESS = '127.0.0.1:3007';

interface Sent {
  target: string;
  targetKey: string;
  message: unknown;
}

function recordingTransport(): Transport & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    address: LEICESTER,
    sent,
    send(target: string, env: Envelope | OutboundEnvelope) {
      sent.push({ target, targetKey: env.targetKey, message: env.message });
      return 'queued';
    },
  } as unknown as Transport & { sent: Sent[] };
}

function leicester(): { admin: Admin; sent: Sent[] } {
  const transport = recordingTransport();
  const convention: ConventionConfig = { leaders: [{ kind: 'tcp', text: LEICESTER, host: '127.0.0.1', port: 2002 }], adminRouting: false, outboundOnly: false, reregistrationMs: 60_000, missMax: 3 };
  const admin = new Admin(transport, { baseName: 'test', transportKind: 'tcp', host: '127.0.0.1', capabilities: { Blue: 4 }, log: () => {}, convention, spares: 0 });
  // A warm process for the visitor, without spawning one: the start order is only recorded.
  admin.processes.take = async () => ({ route: VISITOR_PROCESS, proc: { pid: 4242 } as ChildProcess }) as never;
  admin.convention!.start();
  for (const [from, capabilities] of [[TOTTENHAM, { Red: 10 }], [VICTORIA2, { Cyan: 12 }]] as const) {
    admin.onEnvelope({ targetKey: CONVENTION_TARGET_KEY, sender: new ActorAddress(from, 'Admin'), kind: KIND_USER, foreign: true, message: new ConventionRegister(from, capabilities, true, false, `run-${from}`) } as never);
  }
  return { admin, sent: transport.sent };
}

function fromSystem(admin: Admin, from: string, req: RemoteRequest): void {
  admin.onEnvelope({ targetKey: REMOTE_TARGET_KEY, sender: new ActorAddress(from, 'Admin'), kind: KIND_USER, foreign: true, message: req } as never);
}

function fromProcess(admin: Admin, route: string, req: AdminRequest): void {
  admin.onEnvelope({ targetKey: admin.key, sender: new ActorAddress(`${route}#proc`), kind: KIND_ADMIN, system: true, message: req } as never);
}

const settled = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('4.11.3 a visitor passed on to another system', () => {
  it('4.11.3 what was sent to a visitor while it started here follows its key home when it is passed on, and route questions are answered', async () => {
    const { admin, sent } = leicester();
    fromSystem(admin, TOTTENHAM, { op: 'remote-create', key: ROGER, label: 'Roger', spec: { kind: 'name', name: 'Roger' }, requirements: null, globalName: '', parentKey: `${TOTTENHAM}~k1.2`, home: TOTTENHAM, tried: [TOTTENHAM] });
    await settled();
    expect(sent.some((s) => s.target === VISITOR_PROCESS && (s.message as { op?: string }).op === 'start'), 'the visitor got a process here').toBe(true);

    // Leicester's starter asks Roger (through this admin: the key is tottenham's) while the visitor starts.
    admin.onEnvelope({ targetKey: ROGER, sender: new ActorAddress(`${LEICESTER}~127.0.0.1:3900#ext1`), kind: KIND_USER, message: 'sharks' } as never);
    // And one of leicester's actor processes asks where Roger runs.
    fromProcess(admin, ASKING_PROCESS, { op: 'route?', key: ROGER });

    // Roger's class declines leicester (Cyan is victoria2's): passed on to victoria2.
    fromProcess(admin, VISITOR_PROCESS, { op: 'start-failed', key: ROGER, error: 'no Cyan here', code: 'NO_COMPATIBLE_SYSTEM', accepts: [VICTORIA2] });
    await settled();
    expect(sent.filter((s) => (s.message as { op?: string }).op === 'remote-create').map((s) => s.target)).toEqual([VICTORIA2]);
    expect(admin.core.entries.has(ROGER), 'leicester never ran it: no entry is left').toBe(false);

    const forRoger = sent.filter((s) => s.targetKey === ROGER);
    expect(forRoger, 'the held message went to tottenham, the home of its key, which holds it until victoria2 answers').toEqual([{ target: TOTTENHAM, targetKey: ROGER, message: 'sharks' }]);
    const routes = sent.filter((s) => s.target === ASKING_PROCESS && (s.message as { op?: string }).op === 'route');
    expect(routes.map((s) => s.message), 'the waiting route question is answered: this admin passes messages for Roger on').toEqual([{ op: 'route', key: ROGER, route: LEICESTER }]);
    expect(admin.counters.deadLetters).toBe(0);
  });
});
