import type { ActorAddress } from '../../actor/address.js';
import type { ActorSpec, CreateActorOptions, LogLevel } from '../../actor/context.js';
import { ActorCell } from '../../system/actor-cell.js';
import type { AdminEntry } from '../../system/admin/admin-entry.js';

/**
 * What an actor's context asks of the simple base (SimpleSystem implements it; declared
 * here so the context and the system do not import each other).
 */
export interface SimpleHost {
  post(from: ActorAddress, to: ActorAddress, message: unknown): void;
  createChild(parent: SimpleCell, spec: ActorSpec, options: CreateActorOptions): ActorAddress;
  addWakeup(cell: SimpleCell, delayMs: number, payload: unknown): void;
  shutdown(): Promise<void>;
  logFor(cell: SimpleCell, level: LogLevel, message: string, extra?: Record<string, unknown>): void;
  holdOpen(work: Promise<unknown>): void;
}

/** A cell plus the family and naming facts the simple base keeps for it (its admin entry). */
export class SimpleCell extends ActorCell implements AdminEntry {
  parent: SimpleCell | null = null;
  readonly children = new Set<SimpleCell>();
  globalName = '';
  requirements: unknown = undefined;
  startError: unknown = undefined;
  /** The loaded source this actor's class came from (spec 6.10), inherited by children named by path. */
  sourceHash: string | undefined = undefined;
  declare readonly address: ActorAddress;

  get key(): string {
    return this.address.key;
  }

  get label(): string {
    return this.address.label;
  }

  get parentKey(): string | null {
    return this.parent?.address.key ?? null;
  }
}
