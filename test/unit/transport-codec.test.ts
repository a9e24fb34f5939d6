import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { encode as rawEncode, ExtData } from '@msgpack/msgpack';
import {
  ActorAddress,
  ActorExitRequest,
  ActorStatus,
  ActorSystemFailure,
  ChildActorExited,
  DeadEnvelope,
  Message,
  PoisonMessage,
  WakeupMessage,
} from '../../framework/actor/index.js';
import { decodeMessage, encodeMessage } from '../../framework/transport/codec.js';
import { MessageDecodeError, MessageEncodeError } from '../../framework/transport/transport-errors.js';

@Message()
class Point {
  constructor(
    public x = 0,
    public y = 0,
  ) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

@Message({ id: 'test.Shape' })
class Shape {
  constructor(
    public name: string,
    public points: Point[],
    public tags: Set<string>,
    public extra: Map<string, Point | undefined>,
  ) {}
}

let constructed = 0;
@Message({ id: 'test.Sneaky' })
class Sneaky {
  constructor(public value = 1) {
    constructed++;
  }
  set trap(_v: unknown) {
    throw new Error('setter ran during decode');
  }
}

class NotRegistered {
  a = 1;
}

const roundTrip = <T>(value: T): T => decodeMessage(encodeMessage(value)) as T;

describe('codec round trips', () => {
  it('keeps primitives, plain objects and arrays', () => {
    const v = { s: 'héllo', n: 3.25, i: -7, big: 2 ** 40, t: true, f: false, nil: null, arr: [1, 'two', [3]], nested: { deep: { x: 1 } } };
    expect(roundTrip(v)).toEqual(v);
    expect(roundTrip('plain string')).toBe('plain string');
    expect(roundTrip(42)).toBe(42);
  });

  it('keeps undefined distinct from null, at the top and inside', () => {
    expect(roundTrip(undefined)).toBeUndefined();
    expect(roundTrip(null)).toBeNull();
    const back = roundTrip({ u: undefined, n: null, arr: [undefined, null] });
    expect(Object.keys(back)).toEqual(['u', 'n', 'arr']);
    expect(back.u).toBeUndefined();
    expect(back.n).toBeNull();
    expect(back.arr[0]).toBeUndefined();
    expect(back.arr[1]).toBeNull();
  });

  it('restores ActorAddress with key and label', () => {
    const a = roundTrip(new ActorAddress('127.0.0.1:1900/7', 'Greeter'));
    expect(a).toBeInstanceOf(ActorAddress);
    expect(a.key).toBe('127.0.0.1:1900/7');
    expect(a.label).toBe('Greeter');
  });

  it('restores Date (including an invalid one), bigint, Map and Set', () => {
    const d = new Date('2024-02-29T12:34:56.789Z');
    expect(roundTrip(d)).toEqual(d);
    expect(roundTrip(d)).toBeInstanceOf(Date);
    expect(Number.isNaN(roundTrip(new Date(NaN)).getTime())).toBe(true);
    expect(roundTrip(123456789012345678901234567890n)).toBe(123456789012345678901234567890n);
    expect(roundTrip(-5n)).toBe(-5n);
    const m = new Map<unknown, unknown>([['a', 1], [2, new Date(0)], [new ActorAddress('k'), { x: undefined }]]);
    const mb = roundTrip(m);
    expect(mb).toBeInstanceOf(Map);
    expect([...mb.values()]).toEqual([1, new Date(0), { x: undefined }]);
    expect([...mb.keys()][2]).toBeInstanceOf(ActorAddress);
    const s = roundTrip(new Set([1, 'x', null]));
    expect(s).toEqual(new Set([1, 'x', null]));
  });

  it('restores typed arrays as their own classes with their own aligned buffers', () => {
    const f = new Float64Array([1.5, -2.25, Math.PI]);
    const backF = roundTrip({ pad: 'x', f }).f;
    expect(backF).toBeInstanceOf(Float64Array);
    expect([...backF]).toEqual([...f]);
    const u8 = roundTrip(new Uint8Array([1, 2, 255]));
    expect(u8).toBeInstanceOf(Uint8Array);
    expect(u8.buffer.byteLength).toBe(3); // owns its bytes: does not pin the received chunk
    const i16 = new Int16Array([-1, 300]);
    expect(roundTrip(i16)).toEqual(i16);
    expect(roundTrip(new BigInt64Array([-1n, 9n]))).toEqual(new BigInt64Array([-1n, 9n]));
    expect(Buffer.isBuffer(roundTrip(Buffer.from('hi')))).toBe(true);
    const ab = roundTrip(new Uint8Array([9, 8]).buffer);
    expect(ab).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(ab)]).toEqual([9, 8]);
    // Decoding from a Buffer inside a bigger pool (as sockets deliver) still yields exact copies.
    const inPool = Buffer.concat([Buffer.alloc(7, 1), Buffer.from(encodeMessage({ f, u8: Uint8Array.of(4, 5) })), Buffer.alloc(9, 2)]);
    const fromPool = decodeMessage(inPool.subarray(7, inPool.length - 9)) as { f: Float64Array; u8: Uint8Array };
    expect(fromPool.f.length).toBe(3);
    expect(fromPool.u8.buffer.byteLength).toBe(2);
    // A view onto part of a bigger buffer sends only its own bytes.
    const big = new Uint8Array([0, 1, 2, 3, 4, 5]);
    expect([...roundTrip(big.subarray(2, 4))]).toEqual([2, 3]);
  });

  it('restores registered classes as real instances, nested, with methods', () => {
    const shape = new Shape('tri', [new Point(3, 4), new Point(0, 1)], new Set(['a']), new Map([['p', new Point(1, 1)], ['none', undefined]]));
    const back = roundTrip(shape);
    expect(back).toBeInstanceOf(Shape);
    expect(back.points[0]).toBeInstanceOf(Point);
    expect(back.points[0]!.norm()).toBe(5);
    expect(back.tags).toEqual(new Set(['a']));
    expect(back.extra.get('p')).toBeInstanceOf(Point);
    expect(back.extra.has('none')).toBe(true);
    expect(back.extra.get('none')).toBeUndefined();
  });

  it('restores the system messages by their thespian.* ids', () => {
    const addr = new ActorAddress('x:1/2', 'Child');
    const exit = roundTrip(new ActorExitRequest(false));
    expect(exit).toBeInstanceOf(ActorExitRequest);
    expect(exit.isRecursive).toBe(false);
    const poison = roundTrip(new PoisonMessage(new Point(1, 2), 'boom'));
    expect(poison).toBeInstanceOf(PoisonMessage);
    expect(poison.poisonMessage).toBeInstanceOf(Point);
    expect(poison.details).toBe('boom');
    expect(roundTrip(new ChildActorExited(addr)).childAddress).toEqual(addr);
    expect(roundTrip(new WakeupMessage(250, { k: 1 })).payload).toEqual({ k: 1 });
    expect(roundTrip(new WakeupMessage(250)).equals(new WakeupMessage(250))).toBe(true);
    const dead = roundTrip(new DeadEnvelope(addr, 'lost'));
    expect(dead.deadAddress.key).toBe('x:1/2');
    const status = roundTrip(new ActorStatus({ actorAddress: addr, childActors: [addr], pid: 12 }));
    expect(status).toBeInstanceOf(ActorStatus);
    expect(status.pid).toBe(12);
    expect(status.toString()).toContain('pid');
  });

  it('decodes without running constructors or setters', () => {
    const bytes = encodeMessage(new Sneaky(5));
    const before = constructed;
    // Forge a field named like the setter: decoding must define it, not call the setter.
    const forged = rawEncode([new ExtData(4, Uint8Array.of(3, ...new TextEncoder().encode('test.Sneaky'))), { value: 9, trap: 'x' }]);
    const back = decodeMessage(bytes) as Sneaky;
    const forgedBack = decodeMessage(forged) as Sneaky & { trap: unknown };
    expect(constructed).toBe(before);
    expect(back).toBeInstanceOf(Sneaky);
    expect(back.value).toBe(5);
    expect(forgedBack.value).toBe(9);
    expect(Object.getOwnPropertyDescriptor(forgedBack, 'trap')?.value).toBe('x');
  });
});

describe('codec errors', () => {
  it('names the path of a function', () => {
    const msg = { items: [1, 2, { callback: () => 1 }] };
    expect(() => encodeMessage(msg)).toThrowError(MessageEncodeError);
    try {
      encodeMessage(msg);
    } catch (err) {
      expect(err).toBeInstanceOf(ActorSystemFailure);
      expect((err as MessageEncodeError).code).toBe('MESSAGE_NOT_ENCODABLE');
      expect((err as MessageEncodeError).path).toBe('message.items[2].callback');
      expect((err as Error).message).toMatch(/^message\.items\[2\]\.callback is a function/);
    }
  });

  it('names symbols, unregistered classes (with the fix), errors and cycles', () => {
    expect(() => encodeMessage({ s: Symbol('x') })).toThrowError(/message\.s is a symbol/);
    expect(() => encodeMessage({ p: [new NotRegistered()] })).toThrowError(
      /message\.p\[0\] is an instance of NotRegistered, which is not a registered message class; decorate NotRegistered with @Message\(\).*thespian generate/,
    );
    expect(() => encodeMessage(new Shape('s', [], new Set(), new Map([['k', { f: Math.max } as never]])))).toThrowError(
      /message\.extra\.get\("k"\)\.f is a function/,
    );
    expect(() => encodeMessage({ 'odd key': new Error('x') })).toThrowError(/message\["odd key"\] is an instance of Error.*message text/);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    let caught: unknown;
    try {
      encodeMessage(cyc);
    } catch (err) {
      caught = err;
    }
    expect((caught as MessageEncodeError).code).toBe('MESSAGE_TOO_DEEP');
  });

  it('fails on an unknown type id with the id and how to fix it', () => {
    const bytes = rawEncode([new ExtData(4, Uint8Array.of(3, ...new TextEncoder().encode('nobody.Knows'))), {}]);
    let caught: unknown;
    try {
      decodeMessage(bytes);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MessageDecodeError);
    expect((caught as MessageDecodeError).code).toBe('UNKNOWN_MESSAGE_TYPE');
    expect((caught as Error).message).toContain("'nobody.Knows'");
    expect((caught as Error).message).toContain('@Message()');
    expect((caught as Error).message).toContain('thespian generate');
  });

  it('rejects garbage and forged tags as MessageDecodeError, never leaking internals', () => {
    expect(() => decodeMessage(Uint8Array.of(0xc1))).toThrowError(MessageDecodeError);
    expect(() => decodeMessage(Uint8Array.of(0x92, 0x01))).toThrowError(MessageDecodeError); // truncated
    expect(() => decodeMessage(rawEncode([1, new ExtData(4, Uint8Array.of(1))]))).toThrowError(/tag outside/);
    // msgpack refuses a '__proto__' key outright: no prototype pollution through a message.
    expect(() => decodeMessage(rawEncode({ ['__proto__']: { polluted: true } }))).toThrowError(/__proto__/);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
