import type { ActorAddress } from '../actor/address.js';

/**
 * The messages actor class `A` handles, as the generated registry declares them (it merges
 * an optional `"thespian.handles"` marker method into each actor class). Before the
 * registry is generated the marker is absent and any message is accepted (`unknown`).
 */
export type MessageOf<A> = A extends { 'thespian.handles'?(message: infer M): void } ? M : unknown;

/** Whatever can deliver to an address: an ActorSystem (or its `private()` endpoint). */
export interface MessageSender {
  tell(target: ActorAddress, message: unknown): unknown;
  ask(target: ActorAddress, message: unknown, timeoutMs?: number): Promise<unknown>;
}

/** An address whose `tell`/`ask` only compile with messages actor `A` handles. */
export interface TypedAddress<A> {
  readonly address: ActorAddress;
  tell(message: MessageOf<A>): Promise<void>;
  ask(message: MessageOf<A>, timeoutMs?: number): Promise<unknown>;
}

/** Wraps `address` (of an actor of class `A`) so sends through `via` are type-checked. */
export function typedAddress<A>(via: MessageSender, address: ActorAddress): TypedAddress<A> {
  return {
    address,
    tell: async (message) => {
      await via.tell(address, message);
    },
    ask: (message, timeoutMs) => via.ask(address, message, timeoutMs),
  };
}
