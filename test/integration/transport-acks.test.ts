import 'reflect-metadata';
import { afterEach, describe, expect, it } from 'vitest';
import { ActorAddress } from '../../framework/actor/index.js';
import type { OutboundEnvelope, ReceivedEnvelope } from '../../framework/transport/envelope.js';
import { TcpTransport } from '../../framework/transport/tcp-transport.js';
import { AckReader, AckWindow, ReceiptCounter, encodeAck } from '../../framework/transport/acks.js';
import { waitFor } from '../support/wait-for.js';

const open: TcpTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

const me = new ActorAddress('sender-key', 'Sender');

describe('delivery acknowledgements (spec 9.4.1: delivered, dead-lettered or reported)', () => {
  it('9.4.1 counts settle as an unbroken prefix; split and repeated counts are read right', async () => {
    const sent: number[] = [];
    const r = new ReceiptCounter((n) => sent.push(n));
    const s1 = r.next();
    const s2 = r.next();
    const s3 = r.next();
    s2();
    s3();
    r.flush();
    expect(sent).toEqual([]); // 1 is not settled: nothing can be acknowledged yet
    s1();
    s1(); // a second call changes nothing
    r.flush();
    expect(sent).toEqual([3]);

    const window = new AckWindow<number>();
    for (let i = 0; i < 10; i++) window.push(i);
    const counts: number[] = [];
    const reader = new AckReader((n) => {
      counts.push(n);
      window.acked(n);
    });
    const bytes = Buffer.concat([encodeAck(2), encodeAck(7)]);
    reader.push(bytes.subarray(0, 3));
    reader.push(bytes.subarray(3, 6));
    reader.push(bytes.subarray(6));
    expect(counts).toEqual([2, 7]);
    expect(window.drain()).toEqual([7, 8, 9]);
  });

  it('9.4.1 frames written to a receiver that dies before taking them are reported undeliverable, the taken ones are not', async () => {
    const dead: OutboundEnvelope[] = [];
    const a = await TcpTransport.start({ onEnvelope: () => {}, onUndeliverable: (env) => dead.push(env) });
    open.push(a);
    const got: ReceivedEnvelope[] = [];
    // The receiver takes only the first 30; the rest sit unsettled, as in a busy actor's mailbox.
    const b = await TcpTransport.start({
      settlesEnvelopes: true,
      onEnvelope: (env) => {
        got.push(env);
        if (got.length <= 30) env.settle?.();
      },
    });
    const N = 100;
    for (let i = 0; i < N; i++) a.send(b.address, { targetKey: 'b', sender: me, message: i });
    await waitFor(() => got.length === N && a.queuedCount === 0, 'all written and received');
    await waitFor(() => a.awaitingAck === N - 30, 'acks for the settled 30');
    await b.close(); // the receiver's links go, as with kill -9: its mailbox with them
    await waitFor(() => dead.length === N - 30, 'unacknowledged frames reported');
    expect(dead.map((e) => e.message)).toEqual([...Array(N).keys()].slice(30));
  });
});
