import { Message } from '../actor/index.js';

/**
 * Spec 8.1: sent to a troupe leader to change its counts at run time; the leader answers
 * with an UpdateTroupeSettings holding the settings now in force. Omitted fields are kept.
 */
@Message({ id: 'thespian.UpdateTroupeSettings' })
export class UpdateTroupeSettings {
  maxCount?: number;
  idleCount?: number;

  constructor(settings: { maxCount?: number; idleCount?: number } = {}) {
    if (settings.maxCount !== undefined) this.maxCount = settings.maxCount;
    if (settings.idleCount !== undefined) this.idleCount = settings.idleCount;
  }
}
