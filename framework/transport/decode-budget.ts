import { MessageDecodeError } from './transport-errors.js';
import { EXT_BIGINT } from './wire-types.js';

export interface DecodeLimits {
  /** Estimated bytes of heap the decoded value may take. */
  maxHeapBytes: number;
  maxDepth: number;
  maxBigintDigits: number;
  /** Extension types this process decodes; any other is refused (msgpack would hand out an ExtData). */
  knownExtTypes: ReadonlySet<number>;
}

/**
 * Rough heap cost of what msgpack's decoder builds, per item. Empty maps and arrays are one
 * wire byte but tens of heap bytes: that ratio, unchecked, let a 63 MiB frame take 5 GB.
 */
const COST_ARRAY = 32;
const COST_ARRAY_SLOT = 8;
const COST_MAP = 64;
const COST_MAP_ENTRY = 40;
const COST_STRING = 24;
const COST_HEAP_NUMBER = 16;
const COST_VIEW = 96;

function over(what: string, code = 'DECODE_BUDGET'): never {
  throw new MessageDecodeError(`malformed or over-budget message bytes: ${what}`, code);
}

// Scan state lives at module level: scanning is synchronous and never re-entered, and a
// small message then costs no closures or arrays per call.
const EMPTY = new Uint8Array(0);
let bytes: Uint8Array = EMPTY;
let end = 0;
let at = 0;
let cost = 0;
let depth = 0;
let lim: DecodeLimits;
// remaining[d]: items still expected at depth d; grows once to the deepest nesting seen.
const remaining: number[] = [];

// Big-endian lengths read straight from the bytes: no DataView per message.
function u16(i: number): number {
  return (bytes[i]! << 8) | bytes[i + 1]!;
}

function u32(i: number): number {
  return bytes[i]! * 0x1000000 + ((bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!);
}

function need(n: number): void {
  if (at + n > end) over(`an item needs ${n} bytes at offset ${at}, past the end (${end})`);
}

function container(items: number, perItem: number, base: number): void {
  // Every item takes at least one byte: a count larger than what is left is a lie.
  if (items > end - at) over(`a container claims ${items} items with ${end - at} bytes left`);
  cost += base + items * perItem;
  if (items > 0) {
    if (depth >= lim.maxDepth) over(`nesting deeper than ${lim.maxDepth} (THESPIAN_MAX_DECODE_DEPTH)`);
    remaining[depth++] = items;
  }
}

function blob(len: number, perByte: number, base: number): void {
  need(len);
  at += len;
  cost += base + len * perByte;
}

function ext(len: number): void {
  need(1 + len);
  const type = (bytes[at]! << 24) >> 24;
  at += 1;
  if (!lim.knownExtTypes.has(type)) over(`extension type ${type} at offset ${at - 1} is not one this process knows`);
  if (type === EXT_BIGINT && len > lim.maxBigintDigits + 1) {
    over(`a bigint of ${len} digits is over the limit of ${lim.maxBigintDigits} (THESPIAN_MAX_BIGINT_DIGITS)`, 'BIGINT_TOO_LARGE');
  }
  at += len;
  cost += COST_VIEW + len;
}

/**
 * Walks msgpack bytes without building anything and refuses them before decoding when they
 * lie about lengths, nest deeper than `maxDepth`, hold an oversized bigint or an unknown
 * extension type, or would cost more than `maxHeapBytes` to build. Linear in the bytes.
 */
export function checkDecodeBudget(input: Uint8Array, limits: DecodeLimits): void {
  bytes = input;
  end = input.byteLength;
  at = 0;
  cost = 0;
  lim = limits;
  depth = 1;
  remaining[0] = 1; // the top level expects exactly one item
  try {
    scan();
  } finally {
    bytes = EMPTY; // do not pin a large frame
  }
}

function scan(): void {
  while (depth > 0) {
    if (remaining[depth - 1] === 0) {
      depth--;
      continue;
    }
    remaining[depth - 1]!--;
    need(1);
    const b = bytes[at++]!;
    if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) continue;
    if (b <= 0x8f) container((b & 0x0f) * 2, COST_MAP_ENTRY / 2, COST_MAP);
    else if (b <= 0x9f) container(b & 0x0f, COST_ARRAY_SLOT, COST_ARRAY);
    else if (b <= 0xbf) blob(b & 0x1f, 2, COST_STRING);
    else {
      switch (b) {
        case 0xc4: need(1); blob(bytes[at++]!, 1, COST_VIEW); break;
        case 0xc5: need(2); at += 2; blob(u16(at - 2), 1, COST_VIEW); break;
        case 0xc6: need(4); at += 4; blob(u32(at - 4), 1, COST_VIEW); break;
        case 0xc7: need(1); ext(bytes[at++]!); break;
        case 0xc8: need(2); at += 2; ext(u16(at - 2)); break;
        case 0xc9: need(4); at += 4; ext(u32(at - 4)); break;
        case 0xca: need(4); at += 4; cost += COST_HEAP_NUMBER; break;
        case 0xcb: need(8); at += 8; cost += COST_HEAP_NUMBER; break;
        case 0xcc: case 0xd0: need(1); at += 1; break;
        case 0xcd: case 0xd1: need(2); at += 2; break;
        case 0xce: case 0xd2: need(4); at += 4; cost += COST_HEAP_NUMBER; break;
        case 0xcf: case 0xd3: need(8); at += 8; cost += COST_HEAP_NUMBER; break;
        case 0xd4: ext(1); break;
        case 0xd5: ext(2); break;
        case 0xd6: ext(4); break;
        case 0xd7: ext(8); break;
        case 0xd8: ext(16); break;
        case 0xd9: need(1); blob(bytes[at++]!, 2, COST_STRING); break;
        case 0xda: need(2); at += 2; blob(u16(at - 2), 2, COST_STRING); break;
        case 0xdb: need(4); at += 4; blob(u32(at - 4), 2, COST_STRING); break;
        case 0xdc: need(2); at += 2; container(u16(at - 2), COST_ARRAY_SLOT, COST_ARRAY); break;
        case 0xdd: need(4); at += 4; container(u32(at - 4), COST_ARRAY_SLOT, COST_ARRAY); break;
        case 0xde: need(2); at += 2; container(u16(at - 2) * 2, COST_MAP_ENTRY / 2, COST_MAP); break;
        case 0xdf: need(4); at += 4; container(u32(at - 4) * 2, COST_MAP_ENTRY / 2, COST_MAP); break;
        default: over(`byte 0x${b.toString(16)} at offset ${at - 1} is not msgpack`);
      }
    }
    if (cost > lim.maxHeapBytes) {
      over(
        `${end} bytes would build about ${cost} bytes of values, over the budget of ${lim.maxHeapBytes} ` +
          '(mostly empty containers? raise THESPIAN_DECODE_HEAP_FACTOR if such messages are meant)',
      );
    }
  }
  if (at !== end) over(`${end - at} bytes after the end of the message`);
}
