import { describe, expect, it } from 'vitest';
import { ActorAddress } from '../../framework/actor/address.js';
import { ActorExitRequest, PoisonMessage } from '../../framework/actor/messages.js';
import { ExternalEndpoint } from '../../framework/system/endpoint.js';

/**
 * The endpoint every base shares (issue 8 item 1), driven directly so each rule of
 * ExternalEndpoint's comment is shown in isolation; the conformance suite shows the same
 * rules through real systems on every base.
 */
const A = new ActorAddress('t/a', 'A');
const B = new ActorAddress('t/b', 'B');
const C = new ActorAddress('t/c', 'C');
const WORKER = new ActorAddress('t/worker', 'Worker');

function endpoint(): ExternalEndpoint {
  return new ExternalEndpoint(new ActorAddress('t/ext', 'ext'));
}

describe('6.6 endpoint waiters', () => {
  it('6.6 each of several asks gets the reply of the actor it asked, whatever the arrival order', async () => {
    const ep = endpoint();
    const [wa, wb, wc] = [ep.wait(A), ep.wait(B), ep.wait(C)];
    ep.accept('from c', C);
    ep.accept('from a', A);
    ep.accept('from b', B);
    expect(await Promise.all([wa.done, wb.done, wc.done])).toEqual(['from a', 'from b', 'from c']);
    expect(ep.queued).toBe(0);
  });

  it('6.6 asks of one actor get its replies oldest ask first', async () => {
    const ep = endpoint();
    const ws = [ep.wait(A), ep.wait(A), ep.wait(A)];
    for (const m of ['1', '2', '3']) ep.accept(m, A);
    expect(await Promise.all(ws.map((w) => w.done))).toEqual(['1', '2', '3']);
  });

  it("6.6/6.7 a lone ask and a listen take the first message from anyone (Thespian's rule), queued or arriving", async () => {
    const ep = endpoint();
    ep.accept('stale', B);
    expect(await ep.wait(A).done).toBe('stale');
    const lone = ep.wait(A);
    ep.accept('third party', C);
    expect(await lone.done).toBe('third party');
    const listen = ep.wait();
    ep.accept('anyone', B);
    expect(await listen.done).toBe('anyone');
  });

  it('6.6 while several asks wait, a message from an asked actor none of them asked stays queued for the next listen', async () => {
    const ep = endpoint();
    ep.wait(C); // C is now an actor this endpoint asked
    ep.accept('c answers', C);
    const [wa, wb] = [ep.wait(A), ep.wait(B)];
    ep.accept('surplus of c', C);
    expect(wa.settled || wb.settled).toBe(false);
    expect(ep.queued).toBe(1);
    ep.accept('a', A);
    // Alone now, but it has shared the endpoint: it still waits for its own reply.
    expect(wb.settled).toBe(false);
    ep.accept('b', B);
    expect([await wa.done, await wb.done]).toEqual(['a', 'b']);
    expect(await ep.wait().done).toBe('surplus of c');
  });

  it('6.6 while several asks wait, messages from an actor nobody asked go oldest-first to the oldest asks once there is one for each', async () => {
    const ep = endpoint();
    const [wf, wb] = [ep.wait(A), ep.wait(B)];
    ep.accept('worker 1', WORKER);
    expect(wf.settled || wb.settled).toBe(false);
    ep.accept('b', B);
    expect(await wb.done).toBe('b');
    expect(await wf.done).toBe('worker 1');
    const three = [ep.wait(A), ep.wait(A), ep.wait(A)];
    ep.accept('w2', WORKER);
    ep.accept('w3', WORKER);
    expect(three.some((w) => w.settled)).toBe(false);
    ep.accept('w4', WORKER);
    expect(await Promise.all(three.map((w) => w.done))).toEqual(['w2', 'w3', 'w4']);
  });

  it('6.6 a timed-out ask leaves the queue as it was; a withdrawn ask gives back what it took, in its place', async () => {
    const ep = endpoint();
    expect(await ep.next(A, 10)).toBeUndefined();
    ep.accept('first', B);
    ep.accept('second', B);
    const w = ep.wait(A);
    expect(w.value).toBe('first');
    ep.withdraw(w); // its message could not be sent
    expect(await ep.next(undefined, 10)).toBe('first');
    expect(await ep.next(undefined, 10)).toBe('second');
  });

  it('6.6 a message given back reaches a listen already waiting', async () => {
    const ep = endpoint();
    ep.accept('m', B);
    const ask = ep.wait(A);
    const listen = ep.wait();
    ep.withdraw(ask);
    expect(await listen.done).toBe('m');
  });

  it('7 system messages other than PoisonMessage and status never reach a waiter; closing releases every waiter', async () => {
    const ep = endpoint();
    const w = ep.wait(A);
    ep.accept(new ActorExitRequest(), A);
    expect(w.settled).toBe(false);
    ep.accept(new PoisonMessage('x'), A);
    expect(await w.done).toBeInstanceOf(PoisonMessage);
    const pending = ep.wait(B);
    ep.releaseAll();
    expect(await pending.done).toBeUndefined();
  });
});
