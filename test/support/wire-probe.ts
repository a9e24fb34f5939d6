import dgram from 'node:dgram';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { ActorAddress } from 'thespian-ts';
import { frameHeader } from '../../framework/transport/framing.js';
import { frameOf, prepareEnvelope } from '../../framework/transport/envelope.js';
import { connectHandshake, sealDatagram } from '../../framework/transport/link-auth.js';
import { readSecretFile } from '../../framework/bases/multiproc/system-secret.js';

/**
 * Raw access to a running system's sockets: frames built by hand (any head, any payload
 * bytes), written to TCP ports or sent as datagrams. Without the secret this is a stranger
 * on the machine, closed before a byte is decoded; with it, a process of the system gone
 * wrong (a buggy or compromised member), which the budgets and shape checks must survive.
 */
export const STRANGER = new ActorAddress('127.0.0.1:9#proc', 'Stranger');

/** One frame: a valid envelope head for `targetKey` and `kind`, with `payload` as given. */
export function rawFrame(targetKey: string, kind: number, payload: Uint8Array, sender: ActorAddress | null = STRANGER): Uint8Array {
  return frameOf({ ...prepareEnvelope({ targetKey, sender, message: null, kind, system: true }), payload });
}

/** A frame whose header announces `bodyBytes` (the body itself is not included). */
export function frameStart(bodyBytes: number): Uint8Array {
  return frameHeader(bodyBytes);
}

/** The secret of the TCP/UDP system whose admin listens on `adminPort` (from its 0600 file). */
export function systemSecret(baseName: string, adminPort: number): Buffer {
  const secret = readSecretFile(baseName, adminPort);
  if (!secret) throw new Error(`no secret file for the ${baseName} admin on port ${adminPort}`);
  return secret;
}

/** A TCP connection to `port`; with `secret`, resolved once the handshake proved it both ways. */
export function connectTcp(port: number, secret?: Uint8Array): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      if (!secret) return resolve(sock);
      connectHandshake(sock, { secret }, `127.0.0.1:${port}`, (err) => (err ? reject(err) : resolve(sock)));
    });
    sock.once('error', reject);
  });
}

/** Connects (proving `secret` when given), writes `bytes`, ends, and resolves when the peer has closed. */
export function sendTcp(port: number, bytes: Uint8Array, secret?: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    connectTcp(port, secret).then(
      (sock) => {
        sock.on('close', () => resolve());
        sock.on('error', () => resolve());
        sock.end(bytes);
      },
      () => resolve(),
    );
  });
}

/** One datagram, tagged with `secret` when given (as every process of the system tags them). */
export function sendDatagram(port: number, bytes: Uint8Array, secret?: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.send(secret ? sealDatagram({ secret }, bytes) : bytes, port, '127.0.0.1', () => s.close(() => resolve()));
  });
}

/** Ports `pid` listens on (TCP) or is bound to (UDP), from /proc (Linux). */
export function boundPorts(pid: number, proto: 'tcp' | 'udp'): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const file of [`/proc/net/${proto}`, `/proc/net/${proto}6`]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || !inodes.has(f[9]!)) continue;
      if (proto === 'tcp' && f[3] !== '0A') continue; // LISTEN only
      ports.push(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/** Resident set size of `pid` in bytes (Linux). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Pids whose parent is `pid` (Linux). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
