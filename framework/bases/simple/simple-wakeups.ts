import type { ActorAddress } from '../../actor/address.js';
import { WakeupMessage } from '../../actor/messages.js';
import { checkWakeupDelay } from '../../system/actor-checks.js';
import { WakeupQueue } from '../../system/wakeup-queue.js';
import type { SimpleCell } from './simple-cell.js';

/** Spec 5.6: the simple base's pending wakeups, posted by the run loop when they fall due. */
export class SimpleWakeups extends WakeupQueue<SimpleCell> {
  constructor(private readonly post: (from: ActorAddress, to: ActorAddress, message: unknown) => void) {
    super();
  }

  after(cell: SimpleCell, delayMs: number, payload: unknown): void {
    checkWakeupDelay(cell.actorClass.name, delayMs);
    this.add({ due: performance.now() + delayMs, target: cell, delayMs, payload });
  }

  deliverDue(): void {
    if (this.size === 0) return;
    for (const w of this.takeDue(performance.now())) {
      if (w.target.state !== 'dead') this.post(w.target.address, w.target.address, new WakeupMessage(w.delayMs, w.payload));
    }
  }
}
