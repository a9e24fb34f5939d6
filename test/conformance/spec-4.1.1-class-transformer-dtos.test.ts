import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorSystem } from 'thespian-ts';
import { OrderDesk, OrderDto, PostalAddress, sampleOrder, type OrderReport } from '../fixtures/dto-actors.js';
import { BASES, baseOf, MULTIPROCESS_BASES, REPLY_MS, startSystem } from '../support/systems.js';

/**
 * Issue 12 item 7: class-transformer DTOs as messages. Between processes a DTO crosses as
 * its annotations say. On simpleSystemBase nothing is serialised: as Thespian's spec 4.1.1
 * says, "Thespian does not automatically generate copies of sent messages, but instead sends
 * the original directly", so the actor gets the very object, annotations not applied.
 */
describe.each(BASES)('4.1.1 class-transformer DTOs as messages (%s)', (base) => {
  const crossesProcesses = MULTIPROCESS_BASES.includes(baseOf(base));
  let asys: ActorSystem;
  beforeEach(async () => {
    asys = await startSystem(base);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  it('4.1.1 the receiving actor sees the DTO as class-transformer restores it (or the original object on the simple base)', async () => {
    const desk = await asys.createActor(OrderDesk);
    const order = Object.assign(sampleOrder(), { id: 'report' });
    const report = (await asys.ask(desk, order, REPLY_MS)) as OrderReport;
    expect(report).toMatchObject({
      isOrder: true,
      shipToIsClass: true,
      shipToLine: '1 Main St, Springfield',
      stopsAreClass: true,
      placedAtIsDate: true,
      placedAtMs: Date.UTC(2024, 1, 29, 12, 0, 0),
      totalCents: 1250,
      hasWireName: false,
    });
    if (crossesProcesses) {
      expect(report).toMatchObject({ secret: '', code: 'ABC', note: 'hi!' });
    } else {
      expect(report).toMatchObject({ secret: 'card 4111', code: 'abc', note: 'hi' });
    }
  });

  it('4.1.1 a DTO sent to an actor and back crosses twice, each crossing applying the annotations', async () => {
    const desk = await asys.createActor(OrderDesk);
    const sent = sampleOrder();
    const back = (await asys.ask(desk, sent, REPLY_MS)) as OrderDto;
    if (!crossesProcesses) {
      expect(back).toBe(sent);
      return;
    }
    expect(back).toBeInstanceOf(OrderDto);
    expect(back.shipTo).toBeInstanceOf(PostalAddress);
    expect(back.stops.map((s) => s.oneLine())).toEqual(['2 Side St, Shelbyville']);
    expect(back.placedAt).toEqual(new Date(Date.UTC(2024, 1, 29, 12, 0, 0)));
    expect(back.secret).toBe('');
    expect(back.totalCents).toBe(1250);
    expect(back.code).toBe('ABC');
    expect(back.note).toBe('hi!!'); // toClassOnly ran once in the actor, once here
  });
});
