import { afterEach } from 'vitest';
import { ActorSystem } from '../../framework/index.js';

/** The convention test actors (Thespian's test_HAConvention colours, a registrar, pingers). */
export const CONVENTION_FIX = 'test/fixtures/convention-actors.ts';

/** What the fixtures' Registrar answers to 'updates?': one record per ActorSystemConventionUpdate. */
export type ConventionUpdate = { admin: string; added: boolean; caps: Record<string, unknown> };

/**
 * Systems of one convention test file, started from the test process (test/support/convention-systems.ts runs each in a process of its own): `system(port, leaders, caps, base)` starts one (its
 * 'Convention Address.IPv4' is `leaders`; `[]` for none). After each test every system it
 * started is shut down, newest first, and the environment the test changed is restored.
 * `running` is the list, for a test that starts or stops one on its own.
 */
export function conventionSystems(): {
  running: ActorSystem[];
  system(port: number, leaders: string | string[], caps?: Record<string, unknown>, base?: string): Promise<ActorSystem>;
} {
  const running: ActorSystem[] = [];
  const saved = { ...process.env };
  afterEach(async () => {
    for (const s of running.splice(0).reverse()) await s.shutdown().catch(() => undefined);
    process.env = { ...saved };
  });
  return {
    running,
    async system(port, leaders, caps = {}, base = 'multiprocTCPBase') {
      const asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false, capabilities: { 'Admin Port': port, 'Convention Address.IPv4': leaders, ...caps } });
      running.push(asys);
      return asys;
    },
  };
}
