import 'reflect-metadata';
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { ActorAddress, Message } from '../../framework/actor/index.js';
import type { ReceivedEnvelope } from '../../framework/transport/envelope.js';
import { MessageEncodeError } from '../../framework/transport/transport-errors.js';
import { MAX_DATAGRAM_BYTES, UdpTransport } from '../../framework/transport/udp-transport.js';
import { waitFor } from '../support/wait-for.js';

@Message({ id: 'test.udp.Note' })
class Note {
  constructor(
    public text = '',
    public blob: Uint8Array = new Uint8Array(0),
  ) {}
}

const open: UdpTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function endpoint(): Promise<{ t: UdpTransport; got: ReceivedEnvelope[]; logs: string[] }> {
  const got: ReceivedEnvelope[] = [];
  const logs: string[] = [];
  const t = await UdpTransport.start({ onEnvelope: (e) => got.push(e), log: (_l, m) => logs.push(m) });
  open.push(t);
  return { t, got, logs };
}

const me = new ActorAddress('udp-sender', 'S');

describe('UdpTransport', () => {
  it('delivers a message in one datagram, up to the datagram limit', async () => {
    const [a, b] = await Promise.all([endpoint(), endpoint()]);
    expect(b.t.address).toBe(`127.0.0.1:${b.t.port}`);
    a.t.send(b.t.address, { targetKey: 'k', sender: me, message: new Note('hi', new Uint8Array(60_000).fill(3)) });
    await waitFor(() => b.got.length === 1, 'the datagram', 10_000);
    const note = b.got[0]!.message as Note;
    expect(note).toBeInstanceOf(Note);
    expect(note.blob.length).toBe(60_000);
    expect(b.got[0]!.sender?.key).toBe('udp-sender');
  });

  it('fails a message over 64 KiB at send time with a clear, typed error', async () => {
    const [a, b] = await Promise.all([endpoint(), endpoint()]);
    let caught: unknown;
    try {
      a.t.send(b.t.address, { targetKey: 'k', sender: me, message: new Note('big', new Uint8Array(70_000)) });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MessageEncodeError);
    expect((caught as MessageEncodeError).code).toBe('DATAGRAM_TOO_LARGE');
    expect((caught as Error).message).toContain(`over the UDP limit of ${MAX_DATAGRAM_BYTES} bytes`);
    expect(a.t.queuedCount).toBe(0);
  });

  it('ignores and logs a garbage datagram, then serves the next one', async () => {
    const [a, b] = await Promise.all([endpoint(), endpoint()]);
    const raw = dgram.createSocket('udp4');
    await new Promise<void>((r) => raw.send(Uint8Array.of(1, 2, 3, 4, 5, 6, 7), b.t.port, '127.0.0.1', () => r()));
    raw.close();
    await waitFor(() => b.logs.length === 1, 'the log line', 10_000);
    expect(b.logs[0]).toMatch(/ignoring datagram/);
    a.t.send(b.t.address, { targetKey: 'k', sender: me, message: 'after garbage' });
    await waitFor(() => b.got.length === 1, 'the good datagram', 10_000);
    expect(b.got[0]!.message).toBe('after garbage');
  });
});
