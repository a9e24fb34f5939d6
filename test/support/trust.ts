import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActorAddress } from '../../framework/actor/address.js';
import { framePieces, prepareEnvelope } from '../../framework/transport/envelope.js';
import { KIND_ADMIN, type AdminRequest, type ControlMessage } from '../../framework/bases/multiproc/protocol.js';
import type { ReceivedEnvelope } from '../../framework/transport/envelope.js';
import { TcpTransport } from '../../framework/transport/tcp-transport.js';
import type { Transport } from '../../framework/transport/transport.js';
import { UdpTransport } from '../../framework/transport/udp-transport.js';

/**
 * A module outside every allowed directory that leaves a marker file when it runs: if the
 * marker exists, something imported it. It exports no actor, so even an import that slips
 * through fails afterwards: only the marker tells the two apart.
 */
export function markerModule(): { dir: string; file: string; spec: string; marker: string; ran: () => boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'thespian-untrusted-'));
  const file = join(dir, 'evil.mjs');
  const marker = join(dir, 'ran');
  writeFileSync(file, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, String(process.pid));\nexport class Evil {}\n`);
  return { dir, file, spec: `${file}:Evil`, marker, ran: () => existsSync(marker) };
}

/** One frame as a process of the system would write it (no handshake before it). */
export function rawFrame(targetKey: string, message: AdminRequest | ControlMessage, kind = KIND_ADMIN): Buffer {
  const env = prepareEnvelope({ targetKey, sender: new ActorAddress('127.0.0.1:9#proc'), message, kind, system: true });
  return Buffer.concat(framePieces(env));
}

export function createRequest(file: string, key = 'stranger.1'): AdminRequest {
  return { op: 'create', reqId: 1, key, label: 'Evil', spec: { kind: 'path', file, exportName: 'Evil' }, requirements: null, globalName: '', parentKey: null };
}

export function startOrder(file: string): ControlMessage {
  return { op: 'start', order: { key: 'stranger.2', label: 'Evil', spec: { kind: 'path', file, exportName: 'Evil' }, requirements: null, globalName: '', parentKey: null, capabilities: {} } };
}

/**
 * Connects, writes `bytes` and waits for the peer to close the connection; resolves with
 * whatever the peer wrote first and whether it closed within `ms`.
 */
export function rawExchange(port: number, bytes: Buffer, ms = 8000): Promise<{ closed: boolean; received: Buffer }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const sock = net.connect(port, '127.0.0.1', () => sock.write(bytes));
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ closed: false, received: Buffer.concat(chunks) });
    }, ms);
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', () => undefined);
    sock.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, received: Buffer.concat(chunks) });
    });
  });
}

/**
 * A process that holds the secret (as a joining starter does) speaking the admin protocol
 * directly: the way to send the admin exactly the request a test needs.
 */
export async function authenticatedPeer(kind: 'tcp' | 'udp', secret: Uint8Array): Promise<{
  transport: Transport;
  inbox: ReceivedEnvelope[];
  send: (route: string, targetKey: string, message: AdminRequest | ControlMessage, kind?: number) => void;
}> {
  const inbox: ReceivedEnvelope[] = [];
  const handlers = { onEnvelope: (e: ReceivedEnvelope) => void inbox.push(e) };
  const transport = kind === 'tcp' ? await TcpTransport.start(handlers, { secret }) : await UdpTransport.start(handlers, { secret });
  const send = (route: string, targetKey: string, message: AdminRequest | ControlMessage, k = KIND_ADMIN): void => {
    transport.send(route, prepareEnvelope({ targetKey, sender: new ActorAddress(`${transport.address}#proc`), message, kind: k, system: true }));
  };
  return { transport, inbox, send };
}
