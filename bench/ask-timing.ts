import type { ActorAddress, ActorSystem } from 'thespian-ts';

/**
 * Round-trip times of `n` sequential asks to an echo actor (after 200 warm-up asks), sorted
 * ascending, in ms. Every reply is checked, so a wrong answer fails the bench.
 */
export async function askRoundTrips(asys: ActorSystem, echo: ActorAddress, n: number, base: string): Promise<number[]> {
  for (let i = 0; i < 200; i++) await asys.ask(echo, i, 5000);
  const rtts: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    if ((await asys.ask(echo, i, 5000)) !== i) throw new Error(`${base}: ask got a wrong reply`);
    rtts.push(performance.now() - s);
  }
  return rtts.sort((a, b) => a - b);
}
