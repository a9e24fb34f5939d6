import { transmitLimits, type OutboundEnvelope } from '../../transport/index.js';

/**
 * Gathers the envelopes a transport dropped over THESPIAN_DROP_TRANSMITS_LEVEL and reports
 * them once per turn of the event loop: a burst of 10,000 drops is one report (count, first
 * target), not 10,000 log records, and none goes unreported.
 */
export class DropReport {
  private count = 0;
  private firstTarget = '';

  constructor(private readonly report: (count: number, firstTargetKey: string) => void) {}

  dropped(envelope: OutboundEnvelope): void {
    if (this.count++ === 0) {
      this.firstTarget = envelope.targetKey;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    const count = this.count;
    this.count = 0;
    if (count > 0) this.report(count, this.firstTarget);
  }
}

/** The one wording every base uses, so a user can grep for it. */
/** Every process of a system reads the same environment (children inherit it). */
export function dropLevelText(): string {
  try {
    return String(transmitLimits().dropLevel);
  } catch {
    return 'unreadable';
  }
}

export function dropMessage(count: number, firstTargetKey: string, dropLevel: string): string {
  return (
    `dropped ${count} message(s) (first to ${firstTargetKey}): over THESPIAN_DROP_TRANSMITS_LEVEL (${dropLevel}) transmits queued; ` +
    'the sender sends faster than its targets take messages: send less per handler, or raise THESPIAN_DROP_TRANSMITS_LEVEL'
  );
}
