import { ActorAddress } from '../../actor/address.js';
import type { Capabilities, LogLevel } from '../../actor/context.js';
import { SystemStatus } from '../../actor/status-messages.js';
import { applyCapabilityUpdate } from '../capabilities.js';
import type { AdminCounters, AdminEntry } from './admin-entry.js';
import { DeadLetterBox } from './dead-letter-box.js';
import { NameTable } from './name-table.js';
import { SourceRegistry } from '../../sources/source-registry.js';

/** What a base gives its admin core: how to reach an actor, and where log lines go. */
export interface AdminPorts {
  /** The admin's own address: the sender of what the admin says. */
  readonly address: ActorAddress;
  /** Send `message` to `to`; false when it could not even be queued. */
  post(to: ActorAddress, message: unknown, sender: ActorAddress | null): boolean;
  log(level: LogLevel, message: string): void;
  /** Where source loading reports go, when a base has a log its starters see (default: `log`). */
  logToStarters?(level: LogLevel, message: string): void;
}

/**
 * The admin every base shares (spec 4.3, 4.6, 5.13, 6.9, 6.10): the actors it knows, their
 * global names, the dead-letter handler, capabilities, loaded sources, counters and the
 * SystemStatus built from them. A base keeps only what is its own: where actors run and
 * how messages reach them.
 */
export class AdminCore<E extends AdminEntry, C extends AdminCounters = AdminCounters> {
  readonly entries = new Map<string, E>();
  readonly names = new NameTable<E>();
  readonly deadLetters: DeadLetterBox;
  readonly sources: SourceRegistry;
  /** Actors registered with notifyOnSystemRegistrationChanges (spec 5.7). */
  readonly conventionListeners = new Map<string, ActorAddress>();
  readonly capabilities: Capabilities;
  readonly startedAt = Date.now();

  constructor(
    readonly baseName: string,
    capabilities: Capabilities,
    readonly counters: C,
    private readonly ports: AdminPorts,
  ) {
    this.capabilities = { ...capabilities };
    this.deadLetters = new DeadLetterBox({
      forward: (handler, envelope, sender) => ports.post(handler, envelope, sender),
      log: (level, message) => ports.log(level, message),
      counters,
    });
    this.sources = new SourceRegistry({
      post: (to, message) => void ports.post(to, message, ports.address),
      log: (level, message) => (ports.logToStarters ?? ports.log)(level, message),
    });
  }

  /** A new actor: known, counted, and holding its global name if it has one. */
  add(entry: E): void {
    this.entries.set(entry.key, entry);
    this.names.claim(entry);
    this.counters.actorsCreated++;
  }

  /**
   * The actor is gone: its name is free, it handles no dead letters, validates and hears of
   * nothing. `keep` leaves its entry (so late senders learn it is dead rather than unknown).
   */
  exited(entry: E, keep: boolean): void {
    entry.state = 'dead';
    this.counters.actorsExited++;
    this.names.release(entry);
    this.deadLetters.gone(entry.key);
    this.sources.forget(this.addressOf(entry));
    this.conventionListeners.delete(entry.key);
    if (!keep) this.entries.delete(entry.key);
  }

  listenForConventions(listener: ActorAddress, on: boolean): void {
    if (on) this.conventionListeners.set(listener.key, listener);
    else this.conventionListeners.delete(listener.key);
  }

  live(): E[] {
    const out: E[] = [];
    for (const e of this.entries.values()) if (e.state !== 'dead') out.push(e);
    return out;
  }

  addressOf(entry: E): ActorAddress {
    return new ActorAddress(entry.key, entry.label);
  }

  /** Spec 5.13: true when the capability really changed (a read-only name is refused with a warning). */
  updateCapability(name: string, value: unknown): boolean {
    return applyCapabilityUpdate(this.capabilities, name, value, (m) => this.ports.log('warning', m));
  }

  /** Spec 6.9: what the system says of itself; a base adds its own facts in `extra`. */
  systemStatus(extra: Partial<SystemStatus> = {}): SystemStatus {
    const live = this.live();
    return new SystemStatus({
      base: this.baseName,
      capabilities: { ...this.capabilities },
      actorCount: live.length,
      actors: live.map((e) => this.addressOf(e)),
      globalNames: Object.fromEntries(this.names.held().map(([n, e]) => [n, this.addressOf(e)])),
      loadedSources: this.sources.hashes(),
      deadLetterHandlers: this.deadLetters.handler ? [this.deadLetters.handler] : [],
      counters: { ...this.counters } as unknown as Record<string, number>,
      pid: process.pid,
      startedAt: this.startedAt,
      ...extra,
    });
  }
}
