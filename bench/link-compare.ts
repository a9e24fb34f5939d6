import 'reflect-metadata';
import { ActorAddress } from '../framework/actor/address.js';
import type { Transport, TransportHandlers } from '../framework/transport/transport.js';
import type { BenchResult } from './transport-bench.js';

/**
 * Stream transports side by side (the ws and tls suites): connect + first message, ping-pong
 * and a one-way stream, each kind in turn within every repeat so drift hits all alike; each
 * figure also as a ratio against `baseline` from the same run.
 */
export interface LinkCompare<K extends string> {
  kinds: readonly K[];
  baseline: K;
  start: (kind: K, handlers: TransportHandlers) => Promise<Transport>;
  /** How each figure's name says what the links carry, e.g. 'keyed'. */
  note: string;
  pings?: number;
  stream?: number;
  connects?: number;
  repeats?: number;
}

const me = new ActorAddress('bench-a', 'A');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function compareLinks<K extends string>(c: LinkCompare<K>): Promise<BenchResult[]> {
  const { pings = 2_000, stream = 50_000, connects = 100, repeats = 3 } = c;
  // A refused or lost message would leave a figure waiting forever: fail the run instead.
  let fail: (error: Error) => void = () => {};
  const failure = new Promise<never>((_, reject) => (fail = reject));
  failure.catch(() => {});
  const settled = (p: Promise<void>): Promise<void> => Promise.race([p, failure]);
  const start = (kind: K, given: TransportHandlers): Promise<Transport> =>
    c.start(kind, { ...given, onUndeliverable: (_env, target, error) => fail(new Error(`bench ${kind}: undeliverable to ${target}: ${error.message}`)) });

  async function connectMs(kind: K): Promise<number> {
    let arrived: () => void = () => {};
    const b = await start(kind, { onEnvelope: () => arrived() });
    const times: number[] = [];
    for (let i = 0; i < connects; i++) {
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

  async function pingMs(kind: K): Promise<number> {
    let replied: () => void = () => {};
    const a = await start(kind, { onEnvelope: () => replied() });
    const b: Transport = await start(kind, { onEnvelope: () => void b.send(a.address, { targetKey: 'a', sender: null, message: 'pong' }) });
    const rtts: number[] = [];
    for (let i = 0; i < pings + 200; i++) {
      const got = new Promise<void>((r) => (replied = r));
      const t0 = process.hrtime.bigint();
      a.send(b.address, { targetKey: 'b', sender: me, message: { n: i, text: 'ping' } });
      await settled(got);
      if (i >= 200) rtts.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    await Promise.all([a.close(), b.close()]);
    return median(rtts);
  }

  async function streamRate(kind: K): Promise<number> {
    let received = 0;
    let done: () => void = () => {};
    const finished = new Promise<void>((r) => (done = r));
    const b = await start(kind, { onEnvelope: () => void (++received === stream && done()) });
    const a = await start(kind, { onEnvelope: () => {} });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < stream; i++) {
      if (a.isBlocked()) await a.whenUnblocked();
      a.send(b.address, { targetKey: 'b', sender: me, message: { n: i, text: 'ping' } });
    }
    await settled(finished);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await Promise.all([a.close(), b.close()]);
    return received / seconds;
  }

  const results: BenchResult[] = [];
  for (const [name, unit, run] of [
    ['connect + first message', 'ms', connectMs],
    ['ping-pong median', 'ms', pingMs],
    ['one-way stream', 'msgs/s', streamRate],
  ] as const) {
    const samples = new Map<K, number[]>(c.kinds.map((k) => [k, []]));
    for (let i = 0; i < repeats; i++) for (const k of c.kinds) samples.get(k)!.push(await run(k));
    const base = median(samples.get(c.baseline)!);
    for (const k of c.kinds) {
      const v = median(samples.get(k)!);
      results.push({ name: `${name}, ${k} (${c.note})`, value: v, unit });
      if (k !== c.baseline) results.push({ name: `${name}: ${k} / ${c.baseline}`, value: v / base, unit: 'ratio' });
    }
  }
  return results;
}

/** Prints a suite's figures when its file is run on its own (`npx tsx bench/<suite>.ts`). */
export function printResults(results: BenchResult[]): void {
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) console.log(`${r.name.padEnd(width)}  ${(r.value < 100 ? r.value.toFixed(3) : Math.round(r.value).toString()).padStart(12)}  ${r.unit}`);
}
