import { Message } from '../actor/index.js';
import { checkTroupeSettings } from './troupe-settings.js';

/**
 * Spec 8.1: sent to a troupe leader to change its counts at run time; the leader answers
 * with an UpdateTroupeSettings holding the settings now in force. Omitted fields are kept.
 */
@Message({ id: 'thespian.UpdateTroupeSettings' })
export class UpdateTroupeSettings {
  maxCount?: number;
  idleCount?: number;

  constructor(settings: { maxCount?: number; idleCount?: number } = {}) {
    // Thespian's constructor asserts its counts: a bad one fails here, where it was written,
    // not later in the leader as a PoisonMessage.
    checkTroupeSettings('UpdateTroupeSettings', settings);
    if (settings.maxCount !== undefined) this.maxCount = settings.maxCount;
    if (settings.idleCount !== undefined) this.idleCount = settings.idleCount;
  }
}
