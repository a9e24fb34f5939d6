import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorAddress, ActorSystem } from 'thespian-ts';
import { Forwarder, Numbered, type AskReply } from '../fixtures/conformance/asks.js';
import { seededRng } from '../support/seeded-rng.js';
import { BASES, MULTIPROCESS_BASES, NO_REPLY_MS, REPLY_MS, startSystem } from '../support/systems.js';

/**
 * Issue 8 item 1: random interleavings of asks, tells and listens on one endpoint, checked
 * against the rules documented on ExternalEndpoint (framework/system/endpoint.ts). Bounded:
 * THESPIAN_PROPERTY_ROUNDS rounds (default 8) from THESPIAN_PROPERTY_SEED (default: the clock);
 * a failure names the seed and the round's operations, so it can be replayed.
 */
const ROUNDS = Number(process.env.THESPIAN_PROPERTY_ROUNDS ?? 8);
const SEED = Number(process.env.THESPIAN_PROPERTY_SEED ?? Date.now() % 2 ** 31);
/** An ask of the forwarder may rightly get nothing (a listen took its worker's reply): do not wait REPLY_MS for it. */
const FORWARDER_ASK_MS = 1500;

type Target = 'a' | 'b' | 'c' | 'f';
type Op = { kind: 'ask' | 'tell'; to: Target; tag: string; delayMs: number } | { kind: 'listen'; timeoutMs: number };

function makeBatch(rand: () => number, round: number): Op[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const asksOnly = rand() < 0.35;
  const ops: Op[] = [];
  const count = 2 + Math.floor(rand() * 5);
  for (let i = 0; i < count; i++) {
    const kind = asksOnly ? 'ask' : pick(['ask', 'ask', 'tell', 'listen'] as const);
    if (kind === 'listen') ops.push({ kind, timeoutMs: pick([100, 250, 400]) });
    else ops.push({ kind, to: pick(['a', 'b', 'c', 'f'] as const), tag: `r${round}-${i}`, delayMs: pick([0, 0, 50, 150]) });
  }
  return ops;
}

const isReply = (m: unknown): m is AskReply => typeof m === 'object' && m !== null && 'tag' in m && 'to' in m && 'n' in m;

describe.each(BASES)('6.6 asks, tells and listens interleaved at random (%s)', (base) => {
  let asys: ActorSystem;
  const targets = {} as Record<Target, ActorAddress>;
  beforeAll(async () => {
    asys = await startSystem(base);
    for (const name of ['a', 'b', 'c'] as const) targets[name] = await asys.createActor(Numbered);
    targets.f = await asys.createActor(Forwarder);
    // Each actor asked once first: from then on their replies are replies to asks, never third-party messages.
    for (const name of ['a', 'b', 'c', 'f'] as const) expect(isReply(await asys.ask(targets[name], { to: name, tag: `warm-${name}` }, REPLY_MS))).toBe(true);
  });
  afterAll(async () => {
    await asys?.shutdown();
  });

  it('6.6/6.7 every reply is delivered exactly once, and each ask gets its own target\'s reply or what the rules allow', async () => {
    const rand = seededRng(SEED);
    for (let round = 0; round < ROUNDS; round++) {
      const ops = makeBatch(rand, round);
      try {
        await checkRound(asys, targets, ops);
      } catch (err) {
        throw new Error(`${base}, seed ${SEED} (THESPIAN_PROPERTY_SEED=${SEED} replays it), round ${round}, operations ${JSON.stringify(ops)}: ${(err as Error).message}`, { cause: err });
      }
    }
  }, 120_000);
});

async function checkRound(asys: ActorSystem, targets: Record<Target, ActorAddress>, ops: Op[]): Promise<void> {
  // Every operation starts in the same turn, so on the multi-process bases every waiter is
  // registered before any reply can arrive.
  const results = await Promise.all(
    ops.map((op) => {
      if (op.kind === 'listen') return asys.listen(op.timeoutMs);
      const request = { to: op.to, tag: op.tag, delayMs: op.delayMs };
      if (op.kind === 'tell') return asys.tell(targets[op.to], request);
      return asys.ask(targets[op.to], request, op.to === 'f' ? FORWARDER_ASK_MS : REPLY_MS);
    }),
  );
  const sent = ops.flatMap((op) => (op.kind === 'listen' ? [] : [op.tag]));
  const received: AskReply[] = [];
  results.forEach((r, i) => {
    if (ops[i]!.kind === 'tell') return;
    if (r === undefined) return;
    expect(isReply(r), `operation ${i} got something that is no reply: ${JSON.stringify(r)}`).toBe(true);
    received.push(r as AskReply);
  });
  // What is still queued is for the next listen.
  while (received.length < sent.length) {
    const r = await asys.listen(REPLY_MS);
    if (r === undefined) break;
    expect(isReply(r), `listen got something that is no reply: ${JSON.stringify(r)}`).toBe(true);
    received.push(r as AskReply);
  }
  expect(await asys.listen(NO_REPLY_MS), 'nothing more may arrive: no reply is delivered twice').toBeUndefined();
  expect(received.map((r) => r.tag).sort(), 'every reply exactly once overall').toEqual([...sent].sort());

  const byTag = new Map(received.map((r) => [r.tag, r]));
  const waiters = ops.filter((op) => op.kind !== 'tell').length;
  const shared = waiters > 1 && MULTIPROCESS_BASES.includes(asys.baseName);
  const asksOnly = ops.every((op) => op.kind === 'ask');
  ops.forEach((op, i) => {
    if (op.kind !== 'ask') return;
    const got = results[i] as AskReply | undefined;
    const what = `ask ${i} of ${op.to} got ${JSON.stringify(got)}`;
    if (op.to === 'f') {
      // The forwarder answers through a worker nobody asked: while others wait that reply may rightly go elsewhere.
      if (asksOnly) expect(got?.to, what).toBe('f');
      else if (shared && got !== undefined) expect(got.to, `${what}: a shared ask of the forwarder takes only its worker's replies`).toBe('f');
      return;
    }
    expect(got, `${what}: its target answered, so it gets a message`).toBeDefined();
    if (asksOnly) expect(got!.tag, `${what}: with asks only, each gets its own reply`).toBe(op.tag);
    if (got!.to === op.to) {
      // Its target's reply, or an earlier message of its target (replies of one actor arrive in order).
      expect(got!.n, `${what}: a message of its target later than its own reply`).toBeLessThanOrEqual(byTag.get(op.tag)!.n);
    } else if (shared) {
      // Sharing the endpoint, it may take only a message of an actor the endpoint never asked (the forwarder's worker).
      expect(got!.to, `${what}: a reply of another asked actor, while sharing the endpoint`).toBe('f');
    }
  });
}
