import { ActorAddress } from './address.js';
import { Message } from './decorators.js';
import type { Capabilities } from './context.js';

/** Equality that tolerates messages whose own equals/compare throws (release 2.2.1). */
export function messagesEqual(a: unknown, b: unknown): boolean {
  try {
    if (a === b) return true;
    if (a && typeof (a as { equals?: unknown }).equals === 'function') return Boolean((a as { equals(o: unknown): boolean }).equals(b));
    return false;
  } catch {
    return false;
  }
}

/** Base of every message the system itself synthesizes (spec 3, 7). */
export class ActorSystemMessage {
  equals(other: unknown): boolean {
    return other instanceof ActorSystemMessage && other.constructor === this.constructor;
  }
}

@Message({ id: 'thespian.ActorExitRequest' })
export class ActorExitRequest extends ActorSystemMessage {
  constructor(private recursive = true) {
    super();
  }
  get isRecursive(): boolean {
    return this.recursive;
  }
  notRecursive(): void {
    this.recursive = false;
  }
  override equals(other: unknown): boolean {
    return other instanceof ActorExitRequest;
  }
}

@Message({ id: 'thespian.ChildActorExited' })
export class ChildActorExited extends ActorSystemMessage {
  constructor(public childAddress: ActorAddress) {
    super();
  }
  override equals(other: unknown): boolean {
    return other instanceof ChildActorExited && messagesEqual(this.childAddress, other.childAddress);
  }
}

@Message({ id: 'thespian.PoisonMessage' })
export class PoisonMessage extends ActorSystemMessage {
  constructor(
    public poisonMessage: unknown,
    /** Thespian's default is None: null says "no details given", '' would be an empty text. */
    public details: string | null = null,
  ) {
    super();
  }
  override equals(other: unknown): boolean {
    return other instanceof PoisonMessage && messagesEqual(this.poisonMessage, other.poisonMessage);
  }
}

@Message({ id: 'thespian.WakeupMessage' })
export class WakeupMessage extends ActorSystemMessage {
  constructor(
    public delayPeriod: number,
    public payload: unknown = undefined,
  ) {
    super();
  }
  override equals(other: unknown): boolean {
    return other instanceof WakeupMessage && other.delayPeriod === this.delayPeriod && messagesEqual(this.payload, other.payload);
  }
}

@Message({ id: 'thespian.DeadEnvelope' })
export class DeadEnvelope extends ActorSystemMessage {
  constructor(
    public deadAddress: ActorAddress,
    public deadMessage: unknown,
  ) {
    super();
  }
  override equals(other: unknown): boolean {
    return (
      other instanceof DeadEnvelope &&
      messagesEqual(this.deadAddress, other.deadAddress) &&
      messagesEqual(this.deadMessage, other.deadMessage)
    );
  }
}

@Message({ id: 'thespian.ActorSystemConventionUpdate' })
export class ActorSystemConventionUpdate extends ActorSystemMessage {
  constructor(
    public remoteAdminAddress: ActorAddress,
    public remoteCapabilities: Capabilities = {},
    public remoteAdded = true,
  ) {
    super();
  }
  override equals(other: unknown): boolean {
    return (
      other instanceof ActorSystemConventionUpdate &&
      messagesEqual(this.remoteAdminAddress, other.remoteAdminAddress) &&
      this.remoteAdded === other.remoteAdded
    );
  }
}

abstract class SourceMessage extends ActorSystemMessage {
  abstract sourceHash: string;
  override equals(other: unknown): boolean {
    return other instanceof ActorSystemMessage && other.constructor === this.constructor && (other as SourceMessage).sourceHash === this.sourceHash;
  }
}

@Message({ id: 'thespian.ValidateSource' })
export class ValidateSource extends SourceMessage {
  constructor(
    public sourceHash: string,
    public sourceData: Uint8Array,
    public sourceInfo = '',
  ) {
    super();
  }
}

@Message({ id: 'thespian.ValidatedSource' })
export class ValidatedSource extends SourceMessage {
  constructor(
    public sourceHash: string,
    public sourceZip: Uint8Array | null,
    public sourceInfo = '',
  ) {
    super();
  }
}

@Message({ id: 'thespian.LoadedSource' })
export class LoadedSource extends SourceMessage {
  constructor(
    public sourceHash: string,
    public sourceInfo = '',
  ) {
    super();
  }
}

@Message({ id: 'thespian.UnloadedSource' })
export class UnloadedSource extends SourceMessage {
  constructor(
    public sourceHash: string,
    public sourceInfo = '',
  ) {
    super();
  }
}

/**
 * Spec 7.3: which watched items are readable. `ready` holds file descriptor numbers (for a
 * watched stream, its fd when it has one); `streams` the readable streams themselves, in
 * the same order, so an actor reads from the object that holds the data.
 */
@Message({ id: 'thespian.WatchMessage' })
export class WatchMessage extends ActorSystemMessage {
  constructor(
    public ready: number[] = [],
    public streams: unknown[] = [],
  ) {
    super();
  }
}

/** A Node readable stream or socket: what Node offers in place of select() on a descriptor. */
export interface WatchableStream {
  readonly readableLength: number;
  once(event: 'readable', listener: () => void): unknown;
  removeListener(event: 'readable', listener: () => void): unknown;
}

/**
 * Spec 5.2.1: returned from a handler to be sent a WatchMessage when one of these is
 * readable, valid until the next message (then return it again). Items are file
 * descriptor numbers (a socket or pipe fd is wrapped once by the base; a regular file is
 * always readable) or readable streams.
 */
export class ThespianWatch {
  constructor(public filenos: (number | WatchableStream)[] = []) {}
}
