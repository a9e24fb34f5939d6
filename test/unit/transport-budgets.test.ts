import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { ActorAddress } from 'thespian-ts';
import { decodeMessage, encodeMessage } from '../../framework/transport/codec.js';
import { checkDecodeBudget } from '../../framework/transport/decode-budget.js';
import { FrameDecoder, frameHeader } from '../../framework/transport/framing.js';
import { readWireBudgets } from '../../framework/transport/wire-budgets.js';

const LIMITS = { maxHeapBytes: 8 * 1024 * 1024, maxDepth: 512, maxBigintDigits: 16384, knownExtTypes: new Set([0, 1, 2, 3, 4]) };

/** An array32 of `n` empty fixmaps: one wire byte each, tens of heap bytes each once decoded. */
function mapBomb(n: number): Uint8Array {
  const bytes = new Uint8Array(5 + n).fill(0x80);
  bytes[0] = 0xdd;
  new DataView(bytes.buffer).setUint32(1, n);
  return bytes;
}

function bigintBytes(digits: number): Uint8Array {
  const bytes = new Uint8Array(6 + digits).fill(0x39);
  bytes[0] = 0xc9;
  new DataView(bytes.buffer).setUint32(1, digits);
  bytes[5] = 3; // EXT_BIGINT
  return bytes;
}

describe('issue 8 budgets: decoding', () => {
  it('ordinary messages of every kind fit the default budget', () => {
    const message = {
      rows: Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `row ${i}`, tags: ['a', 'b'], score: i / 3 })),
      map: new Map([[1, 'one']]),
      set: new Set(['x']),
      big: 2n ** 200n,
      when: new Date(0),
      who: new ActorAddress('k', 'L'),
      bytes: new Uint8Array(1000),
    };
    expect(decodeMessage(encodeMessage(message))).toEqual(message);
  });

  it('a map bomb (an array of empty maps) is refused from its bytes, before anything is built', () => {
    const bomb = mapBomb(16 * 1024 * 1024);
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    expect(() => decodeMessage(bomb)).toThrowError(/budget/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('a container that claims more items than bytes left is refused (no allocation from a lying header)', () => {
    const liar = Uint8Array.of(0xdd, 0xff, 0xff, 0xff, 0xff, 0x80);
    expect(() => checkDecodeBudget(liar, LIMITS)).toThrowError(/claims 4294967295 items with 1 bytes left/);
    expect(() => decodeMessage(Uint8Array.of(0xdb, 0x7f, 0xff, 0xff, 0xff, 0x61))).toThrowError(/past the end/);
  });

  it('nesting deeper than the depth cap is refused', () => {
    const deep = new Uint8Array(1001).fill(0x91);
    deep[1000] = 0xc0;
    expect(() => checkDecodeBudget(deep, LIMITS)).toThrowError(/nesting deeper than 512/);
    expect(() => decodeMessage(deep)).toThrowError(/THESPIAN_MAX_DECODE_DEPTH/);
  });

  it('an 8 MiB bigint is refused fast, at the receiver and at the sender', () => {
    const started = Date.now();
    expect(() => decodeMessage(bigintBytes(8 * 1024 * 1024))).toThrowError(expect.objectContaining({ code: 'BIGINT_TOO_LARGE' }));
    expect(Date.now() - started).toBeLessThan(500);
    expect(() => encodeMessage({ n: 10n ** 20_000n })).toThrowError(/message\.n is a bigint of 20001 digits, over the limit of 16384 \(THESPIAN_MAX_BIGINT_DIGITS\)/);
    expect(decodeMessage(encodeMessage(-(10n ** 16_000n)))).toBe(-(10n ** 16_000n));
  });

  it('bytes that are not msgpack, or trail the message, are refused', () => {
    expect(() => checkDecodeBudget(Uint8Array.of(0xc1), LIMITS)).toThrowError(/0xc1/);
    expect(() => checkDecodeBudget(Uint8Array.of(0x01, 0x02), LIMITS)).toThrowError(/after the end/);
    expect(() => decodeMessage(Uint8Array.of(0xd4, 0x55, 0x00))).toThrowError(/extension type 85 at offset 1 is not one this process knows/);
    expect(() => checkDecodeBudget(encode({ a: [1, 'x', null, true, 1.5, 2 ** 40] }), LIMITS)).not.toThrow();
  });

  it('the knobs read positive integers and name the variable otherwise', () => {
    expect(readWireBudgets({ THESPIAN_FRAME_TIMEOUT_MS: '500' }).frameTimeoutMs).toBe(500);
    expect(readWireBudgets({}).maxBigintDigits).toBe(16384);
    expect(() => readWireBudgets({ THESPIAN_DECODE_HEAP_FACTOR: 'lots' })).toThrowError(/THESPIAN_DECODE_HEAP_FACTOR="lots" is not a positive integer/);
  });
});

describe('issue 8 budgets: framing', () => {
  it('a header announcing 60 MiB reserves nothing like it: the buffer grows as bytes arrive', () => {
    const frames: Uint8Array[] = [];
    const dec = new FrameDecoder({ onFrame: (b) => frames.push(b.slice()), onError: (e) => { throw e; } });
    dec.push(frameHeader(60 * 1024 * 1024));
    dec.push(new Uint8Array(10));
    expect(dec.reserved).toBeLessThanOrEqual(64 * 1024);
    expect(dec.partialSince).toBeTypeOf('number');
    const body = Uint8Array.from({ length: 300_000 }, (_, i) => i & 0xff);
    const dec2 = new FrameDecoder({ onFrame: (b) => frames.push(b.slice()), onError: (e) => { throw e; } });
    dec2.push(frameHeader(body.length));
    let worst = 0; // reserved bytes over max(64 KiB, 2 x received): above 1 is a header-sized allocation
    for (let i = 0; i < body.length; i += 1000) {
      dec2.push(body.subarray(i, i + 1000));
      worst = Math.max(worst, dec2.reserved / Math.max(64 * 1024, 2 * (i + 1000)));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toEqual(body);
    expect(dec2.frames).toBe(1);
    expect(dec2.partialSince).toBeUndefined();
  });
});
