import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem } from 'thespian-ts';
import { frameOf, prepareEnvelope } from '../../framework/transport/envelope.js';
import { KIND_ADMIN, KIND_CONTROL } from '../../framework/bases/multiproc/protocol.js';
import { PidReporter } from '../fixtures/process-actors.js';
import { alive } from '../support/processes.js';
import { eventually } from '../support/systems.js';
import { STRANGER, boundPorts, sendDatagram, sendTcp, systemSecret } from '../support/wire-probe.js';

/**
 * Issue 8 item 4, the findings as tests: each of these single frames used to end the admin
 * or an actor's process (over UDP one datagram sufficed). Now each is logged, naming what
 * was wrong and who sent it, and dropped; both processes keep answering.
 */
const PROTOS = { multiprocTCPBase: 'tcp', multiprocUDPBase: 'udp' } as const;

function frame(targetKey: string, kind: number, message: unknown): Uint8Array {
  return frameOf(prepareEnvelope({ targetKey, sender: STRANGER, message, kind, system: true }));
}

describe.each(Object.entries(PROTOS))('issue 8 one-frame crashes on %s', (base, proto) => {
  let asys: ActorSystem | undefined;
  const saved = process.env.THESPLOG_FILE;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
    if (saved === undefined) delete process.env.THESPLOG_FILE;
    else process.env.THESPLOG_FILE = saved;
  });

  it('4.12 a nil admin request, a log request with a numeric level, a malformed dead-letter handler route, and nil or wrong control frames to an actor: all logged and dropped, everyone keeps answering', async () => {
    const logFile = join(mkdtempSync(join(tmpdir(), 'thespian-crash-')), 'thesplog.txt');
    process.env.THESPLOG_FILE = logFile;
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
    const st = await asys.status();
    const adminPort = st.capabilities['Admin Port'] as number;
    const adminKey = `127.0.0.1:${adminPort}#admin`;
    const a = await asys.createActor(PidReporter);
    const pid = (await asys.ask(a, 'pid', 5000)) as number;
    const actorPort = boundPorts(pid, proto)[0]!;
    expect(actorPort).toBeGreaterThan(0);
    // A process holding the secret (a member gone wrong): strangers never get this far.
    const secret = systemSecret(base, adminPort);
    const send = (port: number, bytes: Uint8Array): Promise<void> => (proto === 'tcp' ? sendTcp(port, bytes, secret) : sendDatagram(port, bytes, secret));

    await send(adminPort, frame(adminKey, KIND_ADMIN, null));
    await send(adminPort, frame(adminKey, KIND_ADMIN, { op: 'log', level: 5, message: 'x' }));
    await send(adminPort, frame(adminKey, KIND_ADMIN, { op: 'dl-handler', key: 'no route here#x', on: true }));
    // The next dead letter from anyone used to throw inside the admin.
    await send(adminPort, frame(adminKey, KIND_ADMIN, { op: 'dead-letter', targetKey: 'nobody', targetLabel: '', message: 'lost' }));
    const procKey = `127.0.0.1:${actorPort}#proc`;
    await send(actorPort, frame(procKey, KIND_CONTROL, null));
    await send(actorPort, frame(procKey, KIND_CONTROL, { op: 'start', order: 5 }));
    await send(actorPort, frame(procKey, KIND_CONTROL, { op: 'caps', capabilities: null }));

    expect(await asys.ask(a, 'still here', 5000)).toBe('echo still here');
    expect((await asys.status()).pid).toBe(st.pid);
    expect(await asys.ask(await asys.createActor(PidReporter), 'new', 5000)).toBe('echo new');
    expect(alive(st.pid!) && alive(pid)).toBe(true);
    // What was wrong, and from whom, is in the log (the admin's and the actor's lines).
    const log = await eventually(
      () => readFileSync(logFile, 'utf8'),
      (text) => text.includes('removed: it cannot be reached') && text.includes("'start': field 'order'"),
    );
    expect(log).toContain(`admin dropped a malformed request from ${STRANGER.key}: null is not a plain object with an 'op'`);
    expect(log).toContain("'log': field 'level' is number 5, not a string");
    expect(log).toContain('dead letter handler no route here#x removed: it cannot be reached');
    expect(log).toContain(`dropped a malformed control message from ${STRANGER.key}: null is not a plain object`);
    expect(log).toContain("'start': field 'order' is not a order");
  });
});
