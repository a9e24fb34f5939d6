import { ActorSystem, type Capabilities } from 'thespian-ts';

/**
 * The bases every behaviour suite runs on (STYLE.md item 6). A base that cannot honour a
 * behaviour opts out by name with a reason, via `skipOn`.
 */
export const BASES: readonly string[] = (process.env.THESPIAN_TEST_BASES ?? 'simpleSystemBase').split(',');

export async function startSystem(base: string, capabilities: Capabilities = {}): Promise<ActorSystem> {
  return ActorSystem.start({ base, capabilities, logDefs: false, transientUnique: true });
}

/** `it` or `it.skip` with the reason recorded in the test title. */
export function skipOn(base: string, bases: Record<string, string>): string | undefined {
  return bases[base];
}
