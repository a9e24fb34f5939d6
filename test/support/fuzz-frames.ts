import { ActorAddress } from '../../framework/actor/address.js';
import { frameOf, prepareEnvelope } from '../../framework/transport/envelope.js';
import { frameHeader } from '../../framework/transport/framing.js';
import { seededRng, type Rng } from './seeded-rng.js';

export { seededRng, type Rng };

/**
 * Frames for fuzzing the wire: random bytes, random frames, random values in valid
 * envelopes, every protocol request with a field of the wrong type, and mutations of valid
 * frames. Deterministic from a seed, so a failure can be replayed (THESPIAN_FUZZ_SEED).
 */
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)]!;

export function randomBytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = int(rng, 256);
  return out;
}

export function randomValue(rng: Rng, depth = 0): unknown {
  const k = int(rng, depth > 3 ? 9 : 14);
  switch (k) {
    case 0: return null;
    case 1: return undefined;
    case 2: return int(rng, 2) === 0;
    case 3: return int(rng, 1000) - 500;
    case 4: return rng() * 1e12;
    // Not 'shutdown': { op: 'shutdown', reqId: 3 } is a well-formed request, obeyed from anyone
    // until links are authenticated (issue 8 item 3), and would end the system under test.
    case 5: return pick(rng, ['', 'x', 'status', 'route?', '__proto__', 'constructor', '\u0000', 'é'.repeat(int(rng, 50))]);
    case 6: return BigInt(int(rng, 1e9)) ** BigInt(int(rng, 4) + 1);
    case 7: return new Date(int(rng, 1e12));
    case 8: return new ActorAddress(String(randomValue(rng, 9)), 'X');
    case 9: return Array.from({ length: int(rng, 5) }, () => randomValue(rng, depth + 1));
    case 10: return Object.fromEntries(Array.from({ length: int(rng, 5) }, () => [pick(rng, ['op', 'key', 'reqId', 'level', 'a', 'route']), randomValue(rng, depth + 1)]));
    case 11: return new Map([[randomValue(rng, depth + 1), randomValue(rng, depth + 1)]]);
    case 12: return new Set([randomValue(rng, depth + 1)]);
    default: return randomBytes(rng, int(rng, 20));
  }
}

const SPEC = { kind: 'path', file: '/nonexistent.ts', exportName: 'X' };
const ORDER = { key: 'k', label: 'L', spec: SPEC, requirements: null, globalName: '', parentKey: null, capabilities: {} };

/** One well-formed example of every admin request (protocol.ts). */
export const ADMIN_EXAMPLES: Record<string, Record<string, unknown>> = {
  attach: { op: 'attach', reqId: 1, logs: true, logLevel: 10 },
  create: { op: 'create', reqId: 1, key: 'k', label: 'L', spec: SPEC, requirements: null, globalName: '', parentKey: null },
  'route?': { op: 'route?', key: 'k' },
  spare: { op: 'spare', pid: 1 },
  ready: { op: 'ready', key: 'k', pid: 1 },
  'start-failed': { op: 'start-failed', key: 'k', error: 'e', code: 'C' },
  'dead-letter': { op: 'dead-letter', targetKey: 'k', targetLabel: '', message: 'anything' },
  'dl-handler': { op: 'dl-handler', key: 'k', on: true },
  capability: { op: 'capability', name: 'n', value: 1, reqId: 0 },
  status: { op: 'status', reqId: 1 },
  shutdown: { op: 'shutdown', reqId: 1 },
  log: { op: 'log', level: 'info', message: 'm' },
  poisoned: { op: 'poisoned' },
  'source-load': { op: 'source-load', reqId: 0, data: new Uint8Array([1, 2, 3]), info: 'i' },
  'source-unload': { op: 'source-unload', reqId: 0, hash: 'h' },
  'source-authority': { op: 'source-authority', key: 'k', label: 'L' },
  'source-notify': { op: 'source-notify', key: 'k', label: 'L', on: true },
};

/** One well-formed example of every control message (protocol.ts). */
export const CONTROL_EXAMPLES: Record<string, Record<string, unknown>> = {
  attached: { op: 'attached', reqId: 1, adminKey: 'a', pid: 1, capabilities: {} },
  created: { op: 'created', reqId: 1, key: 'k', route: null },
  route: { op: 'route', key: 'k', route: 'h:1' },
  start: { op: 'start', order: ORDER },
  caps: { op: 'caps', capabilities: { a: 1 } },
  reply: { op: 'reply', reqId: 1, value: null },
  stopped: { op: 'stopped' },
  'log-record': { op: 'log-record', level: 'info', message: 'm', time: 1 },
};

const MUTABLE_EXAMPLES = Object.fromEntries(Object.entries(ADMIN_EXAMPLES).filter(([op]) => op !== 'shutdown'));

/** Well-formed requests a stranger may send without ending the system (harmless when valid). */
const HARMLESS = ['route?', 'status', 'log', 'dead-letter', 'poisoned', 'attach'];

/** A value of a different type than `right` (so a checked field is sure to be wrong). */
function wrongFor(rng: Rng, right: unknown): unknown {
  for (;;) {
    const v = randomValue(rng, 3);
    if (typeof v !== typeof right && v !== undefined && v !== null) return v;
    if (v === undefined && right !== undefined) return v;
  }
}

/** A request or control message of a random kind with one checked field of the wrong type. */
export function wrongTypedRequest(rng: Rng, examples: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const ex = pick(rng, Object.values(examples));
  const fields = Object.keys(ex).filter((f) => !['message', 'value', 'requirements', 'logs', 'logLevel', 'parentKey', 'route'].includes(f));
  const field = pick(rng, fields);
  return { ...ex, [field]: wrongFor(rng, ex[field]) };
}

export interface FuzzTargets {
  /** Keys worth aiming at: the admin's, an actor's, its process's. */
  keys: string[];
}

/** One frame for the stream or datagram; `sender` is whoever the frame claims to be from. */
export function fuzzFrame(rng: Rng, targets: FuzzTargets, sender = new ActorAddress('127.0.0.1:9#proc', 'Fuzz')): Uint8Array {
  const key = int(rng, 8) === 0 ? String(randomValue(rng, 9)) : pick(rng, targets.keys);
  const envelope = (message: unknown, kind: number): Uint8Array => {
    try {
      return frameOf(prepareEnvelope({ targetKey: key, sender, message, kind, system: int(rng, 2) === 0 }));
    } catch {
      return frameOf({ ...prepareEnvelope({ targetKey: key, sender, message: null, kind }), payload: randomBytes(rng, 8) });
    }
  };
  switch (int(rng, 7)) {
    case 0:
      return randomBytes(rng, int(rng, 64));
    case 1:
      return Uint8Array.from([...frameHeader(int(rng, 200)), ...randomBytes(rng, int(rng, 200))]);
    case 2:
      return frameOf({ ...prepareEnvelope({ targetKey: key, sender, message: null, kind: pick(rng, [0, 1, 2, 3, 255]) }), payload: randomBytes(rng, int(rng, 100)) });
    case 3:
      return envelope(randomValue(rng), pick(rng, [0, 1, 2]));
    case 4:
      return int(rng, 2) === 0 ? envelope(wrongTypedRequest(rng, ADMIN_EXAMPLES), 1) : envelope(wrongTypedRequest(rng, CONTROL_EXAMPLES), 2);
    case 5:
      return envelope(ADMIN_EXAMPLES[pick(rng, HARMLESS)], 1);
    default: {
      // Not from 'shutdown': a flipped byte can make its wrong field right again, and a
      // well-formed shutdown from anyone is obeyed until links are authenticated (item 3).
      const f = envelope(int(rng, 2) === 0 ? randomValue(rng) : wrongTypedRequest(rng, MUTABLE_EXAMPLES), pick(rng, [0, 1, 2]));
      for (let i = int(rng, 4) + 1; i > 0; i--) f[int(rng, f.length)] = int(rng, 256);
      return f;
    }
  }
}
