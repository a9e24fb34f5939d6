import type { ActorAddress } from '../../actor/address.js';
import { describeValue } from '../../actor/errors.js';
import { ActorExitRequest, ActorSystemMessage, ValidatedSource } from '../../actor/messages.js';
import { ActorStatus, StatusRequest, type SystemStatus } from '../../actor/status-messages.js';
import type { Capabilities, LogLevel } from '../../actor/context.js';
import { AdminCore } from '../../system/admin/admin-core.js';
import type { WakeupQueue } from '../../system/wakeup-queue.js';
import type { SimpleCell } from './simple-cell.js';

export interface SimpleCounters {
  messagesDelivered: number;
  deadLetters: number;
  poisonMessages: number;
  actorsCreated: number;
  actorsExited: number;
}

/** What an actor's context asks of the simple base's admin (spec 5.4, 5.7-5.13). */
export interface SimpleAdminPort {
  setDeadLetterHandler(cell: SimpleCell, on: boolean): void;
  setConventionListener(cell: SimpleCell, on: boolean): void;
  setSourceAuthority(cell: SimpleCell): void;
  setSourceListener(cell: SimpleCell, on: boolean): void;
  loadSource(source: Uint8Array | string): string;
  unloadSource(hash: string): void;
  changeCapability(name: string, value: unknown): void;
}

/** The simple base's admin: the shared core plus what it answers at its own address. */
export class SimpleAdmin extends AdminCore<SimpleCell, SimpleCounters> implements SimpleAdminPort {
  constructor(
    baseName: string,
    capabilities: Capabilities,
    counters: SimpleCounters,
    readonly address: ActorAddress,
    private readonly wakeups: WakeupQueue<SimpleCell>,
    private readonly post: (from: ActorAddress, to: ActorAddress, message: unknown) => void,
    private readonly log: (level: LogLevel, message: string) => void,
    /** Keeps the run loop going until `work` settles (a validated source loads its package code first). */
    private readonly hold: (work: Promise<unknown>) => void = () => {},
  ) {
    super(baseName, capabilities, counters, {
      address,
      post: (to, message, sender) => (post(sender ?? address, to, message), true),
      log,
    });
  }

  /** What arrives at the admin's address: source validations and status requests. */
  receive(message: unknown, sender: ActorAddress): void {
    if (message instanceof ValidatedSource) this.hold(this.sources.validated(message, sender));
    else if (message instanceof StatusRequest) this.post(this.address, sender, this.status());
    else if (!(message instanceof ActorSystemMessage)) this.log('debug', `admin ignored ${describeValue(message)} from ${String(sender)}`);
  }

  setDeadLetterHandler(cell: SimpleCell, on: boolean): void {
    this.deadLetters.register(cell.address, on);
  }

  setConventionListener(cell: SimpleCell, on: boolean): void {
    this.listenForConventions(cell.address, on);
  }

  setSourceListener(cell: SimpleCell, on: boolean): void {
    this.sources.setListener(cell.address, on);
  }

  setSourceAuthority(cell: SimpleCell): void {
    this.sources.setAuthority(cell.address);
  }

  loadSource(source: Uint8Array | string): string {
    return this.sources.load(source, { authorityAlive: (a) => (this.entries.get(a.key)?.state ?? 'dead') !== 'dead' });
  }

  unloadSource(hash: string): void {
    this.sources.unload(hash);
  }

  /** Spec 5.13: a real change re-validates every actor; those now rejected get ActorExitRequest. */
  changeCapability(name: string, value: unknown): void {
    if (!this.updateCapability(name, value)) return;
    const caps = { ...this.capabilities };
    for (const cell of this.live()) {
      if (cell.state === 'live' && !cell.actorClass.actorSystemCapabilityCheck(caps, cell.requirements)) {
        this.post(this.address, cell.address, new ActorExitRequest());
      }
    }
  }

  actorStatus(cell: SimpleCell): ActorStatus {
    return new ActorStatus({
      actorAddress: cell.address,
      actorClass: cell.actorClass.name,
      globalName: cell.globalName,
      parent: cell.parent?.address ?? null,
      childActors: [...cell.children].map((c) => c.address),
      pendingMessages: cell.mailbox.length,
      pendingWakeups: this.wakeups.countFor(cell),
      messagesReceived: cell.received,
    });
  }

  status(): SystemStatus {
    const live = this.live();
    return this.systemStatus({
      actors: live.map((c) => c.address),
      counters: { ...this.counters, pendingWakeups: this.wakeups.size },
      actorDetails: live.map((c) => this.actorStatus(c)),
    });
  }
}
