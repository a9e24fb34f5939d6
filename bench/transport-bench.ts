import 'reflect-metadata';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { encode } from '@msgpack/msgpack';
import { ActorAddress } from '../framework/actor/address.js';
import { FrameDecoder, frameHeader } from '../framework/transport/framing.js';
import { TcpTransport } from '../framework/transport/tcp-transport.js';

/**
 * The physical baseline the bases are compared against (issue 4, item 8): a raw node:net
 * loopback ping-pong and one-way stream of small msgpack frames, and the same through
 * TcpTransport, in one run. Both ends live in this process (one event loop), for raw and
 * transport alike, so the two are comparable; a cross-process run would be faster for both.
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

const PING_ROUNDS = 5_000;
const STREAM_FRAMES = 200_000;
const WARMUP = 500;

function smallFrame(n: number): Uint8Array {
  const body = encode({ n, text: 'ping' });
  const out = new Uint8Array(5 + body.length);
  frameHeader(body.length, out, 0);
  out.set(body, 5);
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function rawServer(onFrame: (socket: net.Socket, body: Uint8Array) => void): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const dec = new FrameDecoder({ onFrame: (b) => onFrame(socket, b), onError: () => socket.destroy() });
    socket.on('data', (c) => dec.push(c));
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as net.AddressInfo).port };
}

async function rawClient(port: number, onFrame: (body: Uint8Array) => void): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const dec = new FrameDecoder({ onFrame, onError: () => socket.destroy() });
  socket.on('data', (c) => dec.push(c));
  await new Promise((r) => socket.once('connect', r));
  return socket;
}

async function rawPingPong(): Promise<number[]> {
  const { server, port } = await rawServer((socket, body) => {
    const out = new Uint8Array(5 + body.length);
    frameHeader(body.length, out, 0);
    out.set(body, 5);
    socket.write(out); // echo
  });
  let resolveReply: () => void = () => {};
  const client = await rawClient(port, () => resolveReply());
  const rtts: number[] = [];
  for (let i = 0; i < WARMUP + PING_ROUNDS; i++) {
    const t0 = process.hrtime.bigint();
    const replied = new Promise<void>((r) => (resolveReply = r));
    client.write(smallFrame(i));
    await replied;
    if (i >= WARMUP) rtts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  client.destroy();
  await new Promise((r) => server.close(r));
  return rtts;
}

async function rawStream(): Promise<number> {
  let received = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const { server, port } = await rawServer(() => {
    if (++received === STREAM_FRAMES) done();
  });
  const client = await rawClient(port, () => {});
  const t0 = process.hrtime.bigint();
  // Batch per tick like the transport does (cork), and respect the socket's backpressure.
  for (let i = 0; i < STREAM_FRAMES; ) {
    client.cork();
    const end = Math.min(STREAM_FRAMES, i + 256);
    let ok = true;
    for (; i < end; i++) ok = client.write(smallFrame(i));
    client.uncork();
    if (!ok) await new Promise((r) => client.once('drain', r));
    else if (i % 4096 === 0) await new Promise((r) => setImmediate(r));
  }
  await finished;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  client.destroy();
  await new Promise((r) => server.close(r));
  return STREAM_FRAMES / seconds;
}

async function transportPingPong(): Promise<number[]> {
  let resolveReply: () => void = () => {};
  const a = await TcpTransport.start({ onEnvelope: () => resolveReply() });
  const b: TcpTransport = await TcpTransport.start({
    onEnvelope: (env) => b.send(a.address, { targetKey: env.sender!.key, sender: null, message: env.message }),
  });
  const me = new ActorAddress('bench-a', 'A');
  const rtts: number[] = [];
  for (let i = 0; i < WARMUP + PING_ROUNDS; i++) {
    const t0 = process.hrtime.bigint();
    const replied = new Promise<void>((r) => (resolveReply = r));
    a.send(b.address, { targetKey: 'bench-b', sender: me, message: { n: i, text: 'ping' } });
    await replied;
    if (i >= WARMUP) rtts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await Promise.all([a.close(), b.close()]);
  return rtts;
}

async function transportStream(): Promise<number> {
  let received = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const b = await TcpTransport.start({
    onEnvelope: () => {
      if (++received === STREAM_FRAMES) done();
    },
  });
  const a = await TcpTransport.start({ onEnvelope: () => {} });
  const me = new ActorAddress('bench-a', 'A');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < STREAM_FRAMES; i++) {
    if (a.isBlocked()) await a.whenUnblocked(); // what a base does before the next message
    a.send(b.address, { targetKey: 'bench-b', sender: me, message: { n: i, text: 'ping' } });
  }
  await finished;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await Promise.all([a.close(), b.close()]);
  return STREAM_FRAMES / seconds;
}

function rttResults(prefix: string, rtts: number[]): BenchResult[] {
  const sorted = [...rtts].sort((x, y) => x - y);
  return [
    { name: `${prefix} ping-pong median`, value: percentile(sorted, 0.5), unit: 'ms' },
    { name: `${prefix} ping-pong p99`, value: percentile(sorted, 0.99), unit: 'ms' },
  ];
}

export async function runTransportBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  results.push(...rttResults('raw TCP loopback', await rawPingPong()));
  results.push({ name: 'raw TCP loopback one-way stream', value: await rawStream(), unit: 'frames/s' });
  results.push(...rttResults('TcpTransport', await transportPingPong()));
  results.push({ name: 'TcpTransport one-way stream', value: await transportStream(), unit: 'frames/s' });
  const raw = results.find((r) => r.name === 'raw TCP loopback one-way stream')!.value;
  const tt = results.find((r) => r.name === 'TcpTransport one-way stream')!.value;
  results.push({ name: 'TcpTransport stream / raw stream', value: (100 * tt) / raw, unit: '%' });
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runTransportBench();
  const width = Math.max(...results.map((r) => r.name.length));
  console.log(`${'benchmark'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
  for (const r of results) console.log(`${r.name.padEnd(width)}  ${(r.value < 100 ? r.value.toFixed(3) : Math.round(r.value).toString()).padStart(12)}  ${r.unit}`);
}
