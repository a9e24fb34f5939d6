import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ActorAddress } from '../framework/actor/address.js';
import { TcpTransport } from '../framework/transport/tcp-transport.js';
import { UdpTransport } from '../framework/transport/udp-transport.js';
import type { Transport, TransportHandlers } from '../framework/transport/transport.js';
import type { BenchResult } from './transport-bench.js';

/**
 * What link authentication costs (issue 8 item 3): the same transports with and without the
 * system secret, in one run, alternating so drift hits both alike. TCP pays once per
 * connection (the handshake), UDP per datagram (an HMAC tag). Figures are ratios
 * authenticated / open: 1.00 is free.
 */
const CONNECTS = 200;
const PINGS = 2_000;
const STREAM = 100_000;
const UDP_STREAM = 20_000;
const REPEATS = 3;

type Kind = 'tcp' | 'udp';
const me = new ActorAddress('bench-a', 'A');

function start(kind: Kind, handlers: TransportHandlers, secret: Uint8Array | undefined): Promise<Transport> {
  const options = secret ? { secret } : {};
  return kind === 'tcp' ? TcpTransport.start(handlers, options) : UdpTransport.start(handlers, options);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A new link each time: connect (+ handshake) and the first message delivered. */
async function connectMs(secret: Uint8Array | undefined): Promise<number> {
  let arrived: () => void = () => {};
  const b = await start('tcp', { onEnvelope: () => arrived() }, secret);
  const times: number[] = [];
  for (let i = 0; i < CONNECTS; i++) {
    const a = await start('tcp', { onEnvelope: () => {} }, secret);
    const got = new Promise<void>((r) => (arrived = r));
    const t0 = process.hrtime.bigint();
    a.send(b.address, { targetKey: 'b', sender: me, message: i });
    await got;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await a.close();
  }
  await b.close();
  return median(times);
}

/** Ask-like round trips on an established link. */
async function pingMs(kind: Kind, secret: Uint8Array | undefined): Promise<number> {
  let replied: () => void = () => {};
  const a = await start(kind, { onEnvelope: () => replied() }, secret);
  const b: Transport = await start(kind, { onEnvelope: (env) => b.send(a.address, { targetKey: env.sender!.key, sender: null, message: env.message }) }, secret);
  const rtts: number[] = [];
  for (let i = 0; i < PINGS + 200; i++) {
    const got = new Promise<void>((r) => (replied = r));
    const t0 = process.hrtime.bigint();
    a.send(b.address, { targetKey: 'b', sender: me, message: { n: i, text: 'ping' } });
    await got;
    if (i >= 200) rtts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await Promise.all([a.close(), b.close()]);
  return median(rtts);
}

/** One-way messages per second, paced by backpressure as a base paces its actor. */
async function streamRate(kind: Kind, secret: Uint8Array | undefined): Promise<number> {
  const total = kind === 'tcp' ? STREAM : UDP_STREAM;
  let received = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const b = await start(kind, { onEnvelope: () => void (++received === total && done()) }, secret);
  const a = await start(kind, { onEnvelope: () => {} }, secret);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    if (a.isBlocked()) await a.whenUnblocked();
    a.send(b.address, { targetKey: 'b', sender: me, message: { n: i, text: 'ping' } });
    // Datagrams are not flow-controlled by the receiver: let it keep up, for both variants alike.
    if (kind === 'udp' && i % 64 === 0) await new Promise((r) => setImmediate(r));
  }
  // UDP may lose a few on a busy machine: count what arrived within a second of the end.
  await Promise.race([finished, new Promise((r) => setTimeout(r, kind === 'udp' ? 1000 : 60_000))]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await Promise.all([a.close(), b.close()]);
  return received / seconds;
}

/** Median of REPEATS, open and authenticated alternating. */
async function paired(run: (secret: Uint8Array | undefined) => Promise<number>): Promise<{ open: number; auth: number }> {
  const secret = randomBytes(32);
  const open: number[] = [];
  const auth: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    open.push(await run(undefined));
    auth.push(await run(secret));
  }
  return { open: median(open), auth: median(auth) };
}

export async function runAuthBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const add = (name: string, unit: string, p: { open: number; auth: number }): void => {
    results.push({ name: `${name}, open`, value: p.open, unit }, { name: `${name}, authenticated`, value: p.auth, unit });
    results.push({ name: `${name}: authenticated / open`, value: p.auth / p.open, unit: 'ratio' });
  };
  add('TCP connect + first message', 'ms', await paired((s) => connectMs(s)));
  add('TCP ping-pong median', 'ms', await paired((s) => pingMs('tcp', s)));
  add('TCP one-way stream', 'msgs/s', await paired((s) => streamRate('tcp', s)));
  add('UDP ping-pong median', 'ms', await paired((s) => pingMs('udp', s)));
  add('UDP one-way stream', 'msgs/s', await paired((s) => streamRate('udp', s)));
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runAuthBench();
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) console.log(`${r.name.padEnd(width)}  ${(r.value < 100 ? r.value.toFixed(3) : Math.round(r.value).toString()).padStart(12)}  ${r.unit}`);
}
