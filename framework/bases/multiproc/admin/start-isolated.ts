import type { ActorStarter } from './actor-starter.js';
import type { AdminPort } from './admin-port.js';

/**
 * Pooled mode: the host an actor was sent to found its class `static isolated`, so it starts
 * again in a process of its own; what was sent to it meanwhile is still held by the admin.
 * Only the host it was sent to may say so, and only while it starts.
 */
export async function startIsolated(admin: AdminPort, starter: ActorStarter, key: string, from: string | undefined): Promise<void> {
  const entry = admin.core.entries.get(key);
  const order = entry?.order;
  if (!entry || !order || entry.state !== 'starting' || !entry.pooled || from === undefined || entry.route !== from) return;
  admin.processes.isolate(entry, order.spec);
  entry.order = undefined;
  let spare;
  try {
    spare = await admin.processes.take(false);
  } catch (err) {
    starter.failed(key, (err as Error).message, admin.isStopping ? 'SYSTEM_SHUT_DOWN' : 'ACTOR_PROCESS_FAILED');
    return;
  }
  if (admin.isStopping || entry.state !== 'starting') {
    admin.processes.giveBack(spare);
    starter.failed(key, 'the actor system is shutting down', 'SYSTEM_SHUT_DOWN');
    return;
  }
  admin.processes.assign(entry, spare);
  admin.control(spare.route!, { op: 'start', order });
}
