import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem, PoisonMessage, type ActorAddress } from 'thespian-ts';
import { BigRelay, Hasher, PidReporter } from '../fixtures/process-actors.js';
import { alive, until } from '../support/processes.js';

function pattern(size: number): Uint8Array {
  const big = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) big[i] = i % 251;
  return big;
}

describe('9.3-9.5 base-specific behaviour with real processes', () => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('4.1 a 50 MB message travels intact, external to actor and actor to actor (multiprocTCPBase)', async () => {
    asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false });
    const h = await asys.createActor(Hasher);
    const size = 50 * 1024 * 1024;
    const big = pattern(size);
    const expected = createHash('sha256').update(big).digest('hex');
    expect(await asys.ask(h, big, 30_000)).toEqual({ length: size, sha256: expected });
    const relay = await asys.createActor(BigRelay);
    expect(await asys.ask(relay, [h, size], 30_000)).toEqual({ length: size, sha256: expected });
  }, 90_000);

  it('9.5 a message over 64 KiB on multiprocUDPBase: tell rejects clearly; from an actor it comes back as PoisonMessage', async () => {
    asys = await ActorSystem.start({ base: 'multiprocUDPBase', transientUnique: true, logDefs: false });
    const h = await asys.createActor(Hasher);
    await expect(asys.tell(h, new Uint8Array(70 * 1024))).rejects.toThrow(/datagram|64 KiB|65,?507/i);
    expect(await asys.ask(h, new Uint8Array(1000), 5000)).toMatchObject({ length: 1000 });
    const other = await asys.createActor(Hasher);
    const poison = (await asys.ask(h, [other, 70 * 1024], 5000)) as PoisonMessage;
    expect(poison).toBeInstanceOf(PoisonMessage);
    expect(poison.details).toMatch(/datagram|65,?507|too large/i);
  }, 60_000);

  it('9.3 multiprocQueueBase: actors die with their starter (lifetime bound), even on kill -9', async () => {
    const script = `
      import { ActorSystem } from 'thespian-ts';
      import { PidReporter } from './test/fixtures/process-actors.ts';
      const asys = await ActorSystem.start({ base: 'multiprocQueueBase', transientUnique: true, logDefs: false });
      const pids = [];
      for (let i = 0; i < 2; i++) pids.push(await asys.ask(await asys.createActor(PidReporter), 'pid', 5000));
      console.log(JSON.stringify(pids));
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    const pids = await new Promise<number[]>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('['));
        if (line) resolve(JSON.parse(line) as number[]);
      });
      child.on('exit', (code) => reject(new Error(`starter exited early with ${code}`)));
    });
    expect(pids.every(alive)).toBe(true);
    child.kill('SIGKILL');
    expect(await until(() => !pids.some(alive), 5000)).toBe(true);
  }, 60_000);

  it('9.3 multiprocQueueBase: each actor is its own process, routed through the starter', async () => {
    asys = await ActorSystem.start({ base: 'multiprocQueueBase', transientUnique: true, logDefs: false });
    const a: ActorAddress = await asys.createActor(PidReporter);
    const b = await asys.createActor(PidReporter);
    const pa = (await asys.ask(a, 'pid', 5000)) as number;
    const pb = (await asys.ask(b, 'pid', 5000)) as number;
    expect(new Set([pa, pb, process.pid]).size).toBe(3);
    expect((await asys.status()).pid).toBe(process.pid);
  });
});
