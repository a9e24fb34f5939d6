import { ActorAddress } from '../../../actor/address.js';
import { ActorStatus, type SystemStatus } from '../../../actor/status-messages.js';
import type { AdminCore } from '../../../system/admin/admin-core.js';
import type { Entry, MultiprocCounters } from './admin-entry.js';
import type { StatusQuestions } from './status-questions.js';

type Core = AdminCore<Entry, MultiprocCounters>;

/** Spec 6.9: what the admin knows by itself, with its spare processes. */
export function adminStatus(core: Core, spares: { readyCount: number; bootingCount: number }): SystemStatus {
  return core.systemStatus({
    counters: { ...core.counters, spareProcesses: spares.readyCount, bootingSpares: spares.bootingCount },
  });
}

/**
 * What the actor says of itself, with what only the admin knows (start time, parent's
 * class); listed as unresponsive if it does not answer in time. `ask` sends the question.
 */
export async function askActorStatus(core: Core, e: Entry, questions: StatusQuestions, ask: () => void): Promise<ActorStatus> {
  const parent = e.parentKey ? new ActorAddress(e.parentKey, core.entries.get(e.parentKey)?.label ?? '') : null;
  const known = new ActorStatus({
    actorAddress: new ActorAddress(e.key, e.label),
    actorClass: e.label,
    globalName: e.globalName,
    parent,
    ...(e.pid !== undefined ? { pid: e.pid } : {}),
    ...(e.pooled ? { pooled: true } : {}),
    ...(e.startedAt !== undefined ? { startedAt: e.startedAt } : {}),
    responsive: false,
  });
  if (e.state !== 'live') return known;
  const said = await questions.wait(e.key, ask);
  if (!said) return known;
  // Declared-but-unset fields of the answer are own properties holding undefined: they must not hide what the admin knows.
  const defined = Object.fromEntries(Object.entries(said).filter(([, v]) => v !== undefined));
  return new ActorStatus({ ...known, ...defined, actorClass: said.actorClass || e.label, parent, responsive: true });
}
