import type { ActorSystem } from 'thespian-ts';

/**
 * Spares refill in the background after creations, and a boot competes with the measured
 * processes for the 2 cores: measure once no system is booting one (a queue/UDP/TCP admin
 * counts them in status; a base without spares has none to wait for).
 */
export async function sparesSettled(systems: readonly ActorSystem[], withinMs = 20_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (const s of systems) {
    while (Date.now() < deadline && ((await s.status()).counters['bootingSpares'] ?? 0) > 0) await new Promise((r) => setTimeout(r, 50));
  }
}
