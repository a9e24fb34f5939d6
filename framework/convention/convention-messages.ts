import { isDeepStrictEqual } from 'node:util';
import type { Capabilities } from '../actor/context.js';
import { Message } from '../actor/decorators.js';
import { ActorSystemMessage } from '../actor/messages.js';

/**
 * Admin-to-admin messages of the leader protocol (Thespian's messages/convention.py). Plain
 * @Message classes so any transport's frames carry them; admins are named by the text other
 * admins reach them at ('host:port' or a ws URL), never by a live object.
 */
@Message({ id: 'thespian.convention.Register' })
export class ConventionRegister extends ActorSystemMessage {
  constructor(
    public adminAddress = '',
    public capabilities: Capabilities = {},
    /** "Anything you knew about me may be wrong": the receiver starts this member afresh. */
    public firstTime = false,
    /**
     * Beyond Thespian: this registration answers one. An answer is never answered, so two
     * systems that both believe they lead cannot bounce registrations forever.
     */
    public reply = false,
    /**
     * Beyond Thespian: which run of that admin this is (random per start). A first-time
     * registration from the run already known (stale frames delivered after a healed link) is
     * not a restart, so registrants do not see it leave and join again.
     */
    public incarnation = '',
  ) {
    super();
  }
  override equals(o: unknown): boolean {
    return (
      o instanceof ConventionRegister &&
      o.adminAddress === this.adminAddress &&
      o.firstTime === this.firstTime &&
      o.reply === this.reply &&
      o.incarnation === this.incarnation &&
      isDeepStrictEqual(o.capabilities, this.capabilities)
    );
  }
}

@Message({ id: 'thespian.convention.DeRegister' })
export class ConventionDeRegister extends ActorSystemMessage {
  constructor(public adminAddress = '') {
    super();
  }
  override equals(o: unknown): boolean {
    return o instanceof ConventionDeRegister && o.adminAddress === this.adminAddress;
  }
}

/** From a system that pre-registered this one (spec 5.14): register with me as your leader. */
@Message({ id: 'thespian.convention.Invite' })
export class ConventionInvite extends ActorSystemMessage {}

export type ConventionMessage = ConventionRegister | ConventionDeRegister | ConventionInvite;

export function isConventionMessage(m: unknown): m is ConventionMessage {
  return m instanceof ConventionRegister || m instanceof ConventionDeRegister || m instanceof ConventionInvite;
}

/**
 * What a frame from the wire must look like before the protocol acts on it (decoding restores
 * fields without running constructors, so a hostile peer can put anything in them).
 */
export function wellFormed(m: ConventionMessage): string | undefined {
  if (m instanceof ConventionInvite) return undefined;
  if (typeof m.adminAddress !== 'string' || m.adminAddress === '') return 'adminAddress is not a non-empty string';
  if (m instanceof ConventionRegister) {
    if (typeof m.capabilities !== 'object' || m.capabilities === null || Array.isArray(m.capabilities)) return 'capabilities is not an object';
    if (typeof m.firstTime !== 'boolean' || typeof m.reply !== 'boolean') return 'firstTime/reply are not booleans';
    if (typeof m.incarnation !== 'string') return 'incarnation is not a string';
  }
  return undefined;
}
