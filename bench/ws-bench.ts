import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ActorAddress } from '../framework/actor/address.js';
import { TcpTransport } from '../framework/transport/tcp-transport.js';
import type { Transport, TransportHandlers } from '../framework/transport/transport.js';
import { WsTransport } from '../framework/transport/ws-transport.js';
import { makeTestPki, OPENSSL_MISSING, type TestPki } from '../test/support/test-ca.js';
import type { BenchResult } from './transport-bench.js';

/**
 * What a WebSocket link costs next to TCP (issue 13 item 8 and its bench line: "the cost of
 * the key and of TLS"): the same frames, handshake and acks, both with a convention key, in one
 * run, alternating so drift hits all alike; wss (mutual TLS) next to ws. Ratios against TCP.
 */
const PINGS = 2_000;
const STREAM = 50_000;
const CONNECTS = 100;
const REPEATS = 3;

type Kind = 'tcp' | 'ws' | 'wss';
const me = new ActorAddress('bench-a', 'A');
const secret = randomBytes(32);
let pki: TestPki | undefined;

/** A refused or lost message would leave a figure waiting forever: fail the run instead. */
let fail: (error: Error) => void = () => {};
let failure = new Promise<never>((_, reject) => (fail = reject));

async function settled(p: Promise<void>): Promise<void> {
  await Promise.race([p, failure]);
}

function start(kind: Kind, given: TransportHandlers): Promise<Transport> {
  const handlers: TransportHandlers = { ...given, onUndeliverable: (_env, target, error) => fail(new Error(`bench ${kind}: undeliverable to ${target}: ${error.message}`)) };
  if (kind === 'tcp') return TcpTransport.start(handlers, { secret });
  if (kind === 'ws') return WsTransport.start(handlers, { secret });
  return WsTransport.start(handlers, { secret, tls: { cert: pki!.serverCert, key: pki!.serverKey, ca: pki!.ca } });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function connectMs(kind: Kind): Promise<number> {
  let arrived: () => void = () => {};
  const b = await start(kind, { onEnvelope: () => arrived() });
  const times: number[] = [];
  for (let i = 0; i < CONNECTS; i++) {
    const a = await start(kind, { onEnvelope: () => {} });
    const got = new Promise<void>((r) => (arrived = r));
    const t0 = process.hrtime.bigint();
    a.send(b.address, { targetKey: 'b', sender: me, message: i });
    await settled(got);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await a.close();
  }
  await b.close();
  return median(times);
}

async function pingMs(kind: Kind): Promise<number> {
  let replied: () => void = () => {};
  const a = await start(kind, { onEnvelope: () => replied() });
  const b: Transport = await start(kind, { onEnvelope: () => void b.send(a.address, { targetKey: 'a', sender: null, message: 'pong' }) });
  const rtts: number[] = [];
  for (let i = 0; i < PINGS + 200; i++) {
    const got = new Promise<void>((r) => (replied = r));
    const t0 = process.hrtime.bigint();
    a.send(b.address, { targetKey: 'b', sender: me, message: { n: i, text: 'ping' } });
    await settled(got);
    if (i >= 200) rtts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await Promise.all([a.close(), b.close()]);
  return median(rtts);
}

async function streamRate(kind: Kind): Promise<number> {
  let received = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const b = await start(kind, { onEnvelope: () => void (++received === STREAM && done()) });
  const a = await start(kind, { onEnvelope: () => {} });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < STREAM; i++) {
    if (a.isBlocked()) await a.whenUnblocked();
    a.send(b.address, { targetKey: 'b', sender: me, message: { n: i, text: 'ping' } });
  }
  await settled(finished);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await Promise.all([a.close(), b.close()]);
  return received / seconds;
}

export async function runWsBench(): Promise<BenchResult[]> {
  const kinds: Kind[] = OPENSSL_MISSING ? ['tcp', 'ws'] : ['tcp', 'ws', 'wss'];
  if (!OPENSSL_MISSING) pki = makeTestPki();
  const results: BenchResult[] = [];
  failure = new Promise<never>((_, reject) => (fail = reject));
  failure.catch(() => {});
  try {
    for (const [name, unit, run] of [
      ['connect + first message', 'ms', connectMs],
      ['ping-pong median', 'ms', pingMs],
      ['one-way stream', 'msgs/s', streamRate],
    ] as const) {
      const samples = new Map<Kind, number[]>(kinds.map((k) => [k, []]));
      for (let i = 0; i < REPEATS; i++) for (const k of kinds) samples.get(k)!.push(await run(k));
      const tcp = median(samples.get('tcp')!);
      for (const k of kinds) {
        const v = median(samples.get(k)!);
        results.push({ name: `${name}, ${k} (keyed)`, value: v, unit });
        if (k !== 'tcp') results.push({ name: `${name}: ${k} / tcp`, value: v / tcp, unit: 'ratio' });
      }
    }
  } finally {
    pki?.cleanup();
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runWsBench();
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) console.log(`${r.name.padEnd(width)}  ${(r.value < 100 ? r.value.toFixed(3) : Math.round(r.value).toString()).padStart(12)}  ${r.unit}`);
}
