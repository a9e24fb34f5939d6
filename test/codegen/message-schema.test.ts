import { decode, encode } from '@msgpack/msgpack';
import { expect, it } from 'vitest';
import { ActorAddress } from 'thespian-ts';
import { messageFromPlain, messageSchemaById, messageToPlain, type PlainMessage } from '../../framework/internal.js';
import './fixtures/inheritance/generated/thespian-registry.js';
import { Point, Rich } from './fixtures/inheritance/src/messages.js';

it('field schemas restore real instances through msgpack (Date, bigint, Set, Map, typed arrays, addresses, nested classes)', () => {
  const rich = new Rich();
  rich.when = new Date(1_700_000_000_123);
  rich.big = 2n ** 70n;
  rich.tags = new Set(['a', 'b']);
  const p = Object.assign(new Point(), { x: 1, y: 2 });
  rich.scores = new Map([['p', p]]);
  rich.bytes = new Uint8Array([1, 2, 3]);
  rich.floats = new Float64Array([1.5, -2]);
  rich.replyTo = new ActorAddress('key-1', 'Greeter');
  rich.points = [p];
  rich.name = 'n';
  const wire = decode(encode(messageToPlain(rich))) as PlainMessage;
  const back = messageFromPlain(wire) as Rich;
  expect(back).toBeInstanceOf(Rich);
  expect(back.when).toEqual(rich.when);
  expect(back.big).toBe(2n ** 70n);
  expect(back.tags).toEqual(new Set(['a', 'b']));
  expect(back.scores.get('p')).toBeInstanceOf(Point);
  expect(back.scores.get('p')).toEqual(p);
  expect(back.bytes).toEqual(new Uint8Array([1, 2, 3]));
  expect(back.floats).toBeInstanceOf(Float64Array);
  expect([...back.floats!]).toEqual([1.5, -2]);
  expect(back.replyTo).toBeInstanceOf(ActorAddress);
  expect(back.replyTo!.equals(rich.replyTo)).toBe(true);
  expect(back.points[0]).toBeInstanceOf(Point);
  expect(back.plain).toEqual({ a: 1 });
  expect(back.name).toBe('n');
});

it('an id no registry declares is an error naming the fix', () => {
  expect(() => messageFromPlain({ id: 'nobody.Knows', fields: {} })).toThrow(/thespian generate/);
});

it('4.1.1 a class-transformer DTO\'s registry entry lists its excluded, exposed, transformed and @Type fields; a plain message has none', async () => {
  await import('./fixtures/dto/generated/thespian-registry.js');
  expect(messageSchemaById('fixture.Order')?.transformer).toEqual({
    exclude: ['internalId'],
    expose: { size: 'size', totalCents: 'total_cents' },
    transform: ['note'],
    types: { at: 'Date', street: 'fixture.Street' },
  });
  expect(messageSchemaById('Ping')?.transformer).toBeUndefined();
});
