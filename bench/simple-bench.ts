import { ActorBase, ActorSystem, Receive, type ActorAddress } from 'thespian-ts';
import type { BenchResult } from './report.js';

class Counter extends ActorBase {
  private expected = 0;
  private seen = 0;
  private notify: ActorAddress | undefined;
  @Receive(Array) start([n, notify]: [number, ActorAddress]) {
    this.expected = n;
    this.seen = 0;
    this.notify = notify;
  }
  @Receive(Number) count() {
    if (++this.seen === this.expected) this.send(this.notify!, this.seen);
  }
}

class Blaster extends ActorBase {
  @Receive(Array) go([target, n]: [ActorAddress, number], sender: ActorAddress) {
    this.send(target, [n, sender]);
    for (let i = 0; i < n; i++) this.send(target, i);
  }
}

class Echo extends ActorBase {
  @Receive(Number) echo(m: number, sender: ActorAddress) {
    this.send(sender, m);
  }
}

class Leaf extends ActorBase {}

class Spawner extends ActorBase {
  @Receive(Number) spawn(n: number, sender: ActorAddress) {
    for (let i = 0; i < n; i++) this.createActor(Leaf);
    this.send(sender, n);
  }
}

/** The physical limit in this process: the same queue-and-dispatch work with no actor system. */
function rawBaseline(n: number): number {
  const queue: unknown[] = [];
  let seen = 0;
  const handlers = new Map<unknown, (m: number) => void>([[Number, () => void seen++]]);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) queue.push(i);
  for (let i = 0; i < queue.length; i++) handlers.get((queue[i] as number).constructor)!(queue[i] as number);
  const ms = performance.now() - t0;
  if (seen !== n) throw new Error('baseline miscounted');
  return n / (ms / 1000);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

export async function runSimpleBench(oneWayN = 1_000_000, askN = 200_000, createN = 100_000): Promise<BenchResult[]> {
  const asys = await ActorSystem.start({ base: 'simpleSystemBase', logDefs: false, transientUnique: true });
  try {
    const counter = await asys.createActor(Counter);
    const blaster = await asys.createActor(Blaster);
    await asys.ask(blaster, [counter, oneWayN], 60_000); // warm up the JIT and the run queue
    // Median of five runs: the figure is stable even with another process on the machine.
    const runs: number[] = [];
    for (let r = 0; r < 5; r++) {
      const start = performance.now();
      const got = await asys.ask(blaster, [counter, oneWayN], 60_000);
      runs.push(performance.now() - start);
      if (got !== oneWayN) throw new Error(`one-way bench lost messages: ${String(got)} of ${oneWayN}`);
    }
    const oneWayMs = median(runs);
    let t0: number;

    const echo = await asys.createActor(Echo);
    for (let i = 0; i < 10_000; i++) await asys.ask(echo, i, 1000);
    t0 = performance.now();
    for (let i = 0; i < askN; i++) {
      if ((await asys.ask(echo, i, 1000)) !== i) throw new Error('ask bench got a wrong reply');
    }
    const askMs = performance.now() - t0;

    const spawner = await asys.createActor(Spawner);
    t0 = performance.now();
    await asys.ask(spawner, createN, 60_000);
    const createMs = performance.now() - t0;

    rawBaseline(oneWayN);
    const baseline = median([0, 1, 2, 3, 4].map(() => rawBaseline(oneWayN)));
    const oneWayRate = oneWayN / (oneWayMs / 1000);
    return [
      { group: 'simpleSystemBase', name: 'one-way messages between two actors', value: oneWayRate, unit: 'msg/s', n: oneWayN },
      { group: 'simpleSystemBase', name: 'raw in-process queue+dispatch (baseline, same run)', value: baseline, unit: 'msg/s', n: oneWayN },
      { group: 'simpleSystemBase', name: 'one-way as a share of the raw baseline', value: oneWayRate / baseline, unit: 'ratio' },
      { group: 'simpleSystemBase', name: 'asks (external ask round trips)', value: askN / (askMs / 1000), unit: 'ask/s', n: askN },
      { group: 'simpleSystemBase', name: 'actors created by an actor', value: createN / (createMs / 1000), unit: 'actor/s', n: createN },
    ];
  } finally {
    await asys.shutdown();
  }
}
