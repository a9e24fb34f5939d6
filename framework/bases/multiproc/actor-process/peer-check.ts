import type { ActorClass } from '../../../system/actor-spec.js';
import type { StartOrder } from '../protocol.js';

/** The peers (other systems of the convention) whose capabilities `cls` accepts; a check that throws declines. */
export function acceptingPeers(cls: ActorClass, order: StartOrder): string[] | undefined {
  if (!order.peers) return undefined;
  return order.peers
    .filter((p) => {
      try {
        return cls.actorSystemCapabilityCheck({ ...p.capabilities }, order.requirements);
      } catch {
        return false;
      }
    })
    .map((p) => p.address);
}
