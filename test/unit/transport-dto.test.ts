import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { describe, expect, it, afterEach } from 'vitest';
import { decode as rawDecode } from '@msgpack/msgpack';
import { Exclude, Transform, Type } from 'class-transformer';
import { ActorAddress, Message } from '../../framework/actor/index.js';
import { decodeMessage, encodeMessage } from '../../framework/transport/codec.js';
import { dtoPlanOf, setDtoTransformDisabled } from '../../framework/transport/dto-transform.js';
import { MessageDecodeError, MessageEncodeError } from '../../framework/transport/transport-errors.js';
import { OrderDto, PostalAddress, sampleOrder } from '../fixtures/dto-actors.js';

@Message({ id: 'dto.test.Plain' })
class PlainPoint {
  constructor(
    public x = 0,
    public y = 0,
  ) {}
}

/** Not a @Message: a DTO may not name it as a @Type target. */
class Stranger {
  constructor() {
    throw new Error('a constructor named by the wire must never run');
  }
}

@Message({ id: 'dto.test.Bad' })
class BadDto {
  @Type(() => Stranger) who?: Stranger;
  @Exclude() hidden = 1;
}

@Message({ id: 'dto.test.Inherited' })
class InheritedDto extends OrderDto {
  extra = 'x';
}

@Message({ id: 'dto.test.Picky' })
class PickyDto {
  @Transform(({ value }) => {
    if (value === 'boom') throw new Error('no boom here');
    return value;
  })
  word = '';
}

@Message({ id: 'dto.test.Routed' })
class RoutedDto {
  @Type(() => ActorAddress) replyTo?: ActorAddress;
  untyped?: ActorAddress;
  @Exclude() note = '';
}

function wireText(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

describe('4.1.1 class-transformer DTOs through the codec (issue 12 item 7)', () => {
  afterEach(() => setDtoTransformDisabled(false));

  it('4.1.1 a DTO crosses as its annotations say: @Type restores nested classes and Dates, @Exclude stays home, @Expose renames, @Transform applies per direction', () => {
    const back = decodeMessage(encodeMessage(sampleOrder())) as OrderDto;
    expect(back).toBeInstanceOf(OrderDto);
    expect(back.shipTo).toBeInstanceOf(PostalAddress);
    expect(back.shipTo.oneLine()).toBe('1 Main St, Springfield');
    expect(back.stops[0]).toBeInstanceOf(PostalAddress);
    expect(back.placedAt).toBeInstanceOf(Date);
    expect(back.placedAt.getTime()).toBe(Date.UTC(2024, 1, 29, 12, 0, 0));
    expect(back.secret).toBe(''); // excluded: the receiver's field initializer, as plainToInstance gives
    expect(back.totalCents).toBe(1250);
    expect(Object.keys(back)).not.toContain('total_cents');
    expect(back.code).toBe('ABC'); // toPlainOnly: applied by the sender
    expect(back.note).toBe('hi!'); // toClassOnly: applied by the receiver
  });

  it('4.1.1 the bytes carry the exposed name and never the excluded value', () => {
    const bytes = encodeMessage(sampleOrder());
    expect(wireText(bytes)).toContain('total_cents');
    expect(wireText(bytes)).not.toContain('card 4111');
    expect(wireText(bytes)).not.toContain('totalCents');
    // Still one tagged instance, so the protocol is unchanged: [tag, fields].
    expect(Array.isArray(rawDecode(bytes))).toBe(true);
  });

  it('4.1.1 metadata on a base class counts for its subclasses', () => {
    const sub = Object.assign(new InheritedDto(), sampleOrder(), { extra: 'y' });
    const back = decodeMessage(encodeMessage(sub)) as InheritedDto;
    expect(back).toBeInstanceOf(InheritedDto);
    expect(back.shipTo).toBeInstanceOf(PostalAddress);
    expect(back.secret).toBe('');
    expect(back.extra).toBe('y');
  });

  it('4.1.1 a class without class-transformer metadata keeps the codec path: decided once, no constructor call, nothing renamed', () => {
    expect(dtoPlanOf(PlainPoint)).toBeNull();
    expect(dtoPlanOf(OrderDto)).not.toBeNull();
    expect(dtoPlanOf(OrderDto)).toBe(dtoPlanOf(OrderDto)); // cached per class
    const back = decodeMessage(encodeMessage(new PlainPoint(3, 4))) as PlainPoint;
    expect(back).toBeInstanceOf(PlainPoint);
    expect({ ...back }).toEqual({ x: 3, y: 4 });
  });

  it('4.1.1 a @Type naming a class that is not a registered message is refused at the send, with the fix', () => {
    const bad = new BadDto();
    let err: unknown;
    try {
      encodeMessage({ wrapped: bad });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MessageEncodeError);
    expect((err as MessageEncodeError).code).toBe('DTO_TYPE_NOT_REGISTERED');
    expect((err as MessageEncodeError).path).toBe('message.wrapped');
    expect((err as Error).message).toMatch(/BadDto\.who names Stranger, which is not a registered message class; decorate Stranger with @Message\(\)/);
  });

  it('4.1.1 ... and at the receiver, whatever the wire holds: the unregistered constructor never runs', () => {
    setDtoTransformDisabled(true); // a sender that does not apply the annotations
    const bytes = encodeMessage(Object.assign(new BadDto(), { who: { anything: 1 } }));
    setDtoTransformDisabled(false);
    expect(() => decodeMessage(bytes)).toThrow(MessageDecodeError);
    expect(() => decodeMessage(bytes)).toThrow(/cannot restore a BadDto: the @Type of BadDto\.who names Stranger/);
  });

  it('4.1.1 a declared @Transform that throws is a MessageEncodeError at the sender, a MessageDecodeError at the receiver, never a crash', () => {
    expect(() => encodeMessage(Object.assign(new PickyDto(), { word: 'boom' }))).toThrow(/instanceToPlain of PickyDto threw: no boom here/);
    setDtoTransformDisabled(true);
    const bytes = encodeMessage(Object.assign(new PickyDto(), { word: 'boom' }));
    setDtoTransformDisabled(false);
    let err: unknown;
    try {
      decodeMessage(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MessageDecodeError);
    expect((err as Error).message).toMatch(/plainToInstance of PickyDto threw: no boom here/);
    expect((decodeMessage(encodeMessage(Object.assign(new PickyDto(), { word: 'ok' }))) as PickyDto).word).toBe('ok');
  });

  it('4.1.1 an ActorAddress in a DTO comes back as one with its @Type; without it, as class-transformer gives (plain data)', () => {
    const addr = new ActorAddress('k-1', 'Worker');
    const back = decodeMessage(encodeMessage(Object.assign(new RoutedDto(), { replyTo: addr, untyped: addr }))) as RoutedDto;
    expect(back.replyTo).toBeInstanceOf(ActorAddress);
    expect(back.replyTo?.equals(addr)).toBe(true);
    expect(back.untyped).not.toBeInstanceOf(ActorAddress);
    expect(back.untyped).toMatchObject({ key: 'k-1', label: 'Worker' });
  });

  it('4.1.1 with the interop disabled every class takes the codec path (the bench "before")', () => {
    setDtoTransformDisabled(true);
    expect(dtoPlanOf(OrderDto)).toBeNull();
    const back = decodeMessage(encodeMessage(sampleOrder())) as OrderDto;
    expect(back.secret).toBe('card 4111');
  });
});

it('4.1.1 a process whose classes carry no class-transformer metadata never loads class-transformer', () => {
  const script = `
    import 'reflect-metadata';
    import { createRequire } from 'node:module';
    import { Message } from './framework/actor/index.ts';
    import { decodeMessage, encodeMessage } from './framework/transport/codec.ts';
    class P { x = 1; }
    Message()(P);
    const back = decodeMessage(encodeMessage(new P()));
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('class-transformer'));
    console.log(JSON.stringify({ restored: back instanceof P, loaded }));`;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' });
  expect(out.stderr).toBe('');
  expect(JSON.parse(out.stdout.trim())).toEqual({ restored: true, loaded: [] });
});
