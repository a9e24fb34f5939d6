import 'reflect-metadata';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ActorAddress, Message } from '../../framework/actor/index.js';
import type { OutboundEnvelope, ReceivedEnvelope } from '../../framework/transport/envelope.js';
import { IpcTransport } from '../../framework/transport/ipc-transport.js';
import { waitFor } from '../support/wait-for.js';

@Message({ id: 'test.ipc.Ping' })
class Ping {
  constructor(
    public n = 0,
    public data: Map<string, Date> = new Map(),
  ) {}
}

const childPath = fileURLToPath(new URL('./transport-ipc-child.ts', import.meta.url));

describe('IpcTransport', () => {
  it('round-trips envelopes with a real forked child, in order, classes restored on both sides', async () => {
    const child = fork(childPath, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('error', reject);
        child.on('message', (m) => m === 'ready' && resolve());
      });
      const got: ReceivedEnvelope[] = [];
      const dead: OutboundEnvelope[] = [];
      const t = new IpcTransport({ onEnvelope: (e) => got.push(e), onUndeliverable: (e) => dead.push(e) }, { name: 'admin' });
      t.attach('child', child);
      const me = new ActorAddress('admin/1', 'Admin');
      const when = new Date('2020-01-01T00:00:00Z');
      const N = 200;
      for (let i = 0; i < N; i++) {
        if (t.isBlocked()) await t.whenUnblocked();
        t.send('child', { targetKey: 'child-actor', sender: me, message: i % 2 ? new Ping(i, new Map([['at', when]])) : { plain: i, u: undefined } });
      }
      await waitFor(() => got.length === N, 'all echoes', 15_000);
      const first = got[1]!.message as { isPing: boolean; text: string; echo: Ping };
      expect(first.isPing).toBe(true); // the child saw a real Ping instance (its own class)
      expect(first.text).toBe(`ping 1 in pid ${child.pid}`);
      expect(first.echo).toBeInstanceOf(Ping); // and we get ours back
      expect(first.echo.data.get('at')).toEqual(when);
      const plain = got[0]!.message as { isPing: boolean; echo: { plain: number; u?: undefined } };
      expect(plain.isPing).toBe(false);
      expect('u' in plain.echo && plain.echo.u === undefined).toBe(true);
      expect(got.map((e) => ((e.message as { echo: { n?: number; plain?: number } }).echo.n ?? (e.message as { echo: { plain: number } }).echo.plain))).toEqual([...Array(N).keys()]);
      expect(got.every((e) => e.targetKey === 'admin/1')).toBe(true);

      // After the child hangs up, sends to it are reported undeliverable, not lost silently.
      // 'exit' itself is reported too: the child hung up inside its handler, before its
      // acknowledgement left (at-least-once accounting, see acks.ts).
      t.send('child', { targetKey: 'child-actor', sender: me, message: 'exit' });
      await exited;
      t.send('child', { targetKey: 'child-actor', sender: me, message: 'too late' });
      await waitFor(() => dead.some((d) => d.message === 'too late'), 'undeliverable after disconnect', 15_000);
      expect(dead.map((d) => d.message)).toEqual(['exit', 'too late']);
      await t.close();
    } finally {
      child.kill();
    }
  });
});
