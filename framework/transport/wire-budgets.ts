import { ActorSystemStartupFailure } from '../actor/errors.js';

/**
 * What one peer may cost this process, so no input from the wire can exhaust it. Each
 * budget has an environment knob; the defaults keep ordinary messages well inside them.
 * - decodeHeapFactor: decoding a frame of N bytes may build at most about
 *   factor * N + decodeHeapFloor bytes of values (THESPIAN_DECODE_HEAP_FACTOR, 8)
 * - maxDecodeDepth: nesting of arrays, maps and tagged values (THESPIAN_MAX_DECODE_DEPTH, 512)
 * - maxBigintDigits: a bigint's decimal digits; parsing is quadratic (THESPIAN_MAX_BIGINT_DIGITS, 16384)
 * - firstFrameTimeoutMs: a new connection must complete its first frame within this
 *   (THESPIAN_FIRST_FRAME_TIMEOUT_MS, 10000)
 * - frameTimeoutMs: a started frame must complete within this (THESPIAN_FRAME_TIMEOUT_MS, 60000)
 * - maxConnections: inbound stream connections per process (THESPIAN_MAX_INBOUND_CONNECTIONS, 4096)
 */
export interface WireBudgets {
  decodeHeapFactor: number;
  decodeHeapFloor: number;
  maxDecodeDepth: number;
  maxBigintDigits: number;
  firstFrameTimeoutMs: number;
  frameTimeoutMs: number;
  maxConnections: number;
}

const KNOBS: Record<keyof WireBudgets, [string, number]> = {
  decodeHeapFactor: ['THESPIAN_DECODE_HEAP_FACTOR', 8],
  decodeHeapFloor: ['THESPIAN_DECODE_HEAP_FLOOR_BYTES', 16 * 1024 * 1024],
  maxDecodeDepth: ['THESPIAN_MAX_DECODE_DEPTH', 512],
  maxBigintDigits: ['THESPIAN_MAX_BIGINT_DIGITS', 16384],
  firstFrameTimeoutMs: ['THESPIAN_FIRST_FRAME_TIMEOUT_MS', 10_000],
  frameTimeoutMs: ['THESPIAN_FRAME_TIMEOUT_MS', 60_000],
  maxConnections: ['THESPIAN_MAX_INBOUND_CONNECTIONS', 4096],
};

/** Reads the knobs; a value that is not a positive integer fails now, naming the variable. */
export function readWireBudgets(env: NodeJS.ProcessEnv = process.env): WireBudgets {
  const out = {} as WireBudgets;
  for (const [field, [name, fallback]] of Object.entries(KNOBS) as [keyof WireBudgets, [string, number]][]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') {
      out[field] = fallback;
      continue;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      throw new ActorSystemStartupFailure(`${name}=${JSON.stringify(raw)} is not a positive integer; unset it (default ${fallback}) or give a number`, 'BAD_WIRE_BUDGET');
    }
    out[field] = n;
  }
  return out;
}

let cached: WireBudgets | undefined;

/** This process's budgets, read once from its environment. */
export function wireBudgets(): WireBudgets {
  return (cached ??= readWireBudgets());
}
