import { isDeepStrictEqual } from 'node:util';
import type { Capabilities } from '../actor/context.js';
import { MembershipEvents, type MemberInfo, type MembershipEvent } from './membership.js';
import type { Scheduler } from './scheduler.js';

/** One remote admin this system knows (Thespian's ConventionMemberData). */
export interface MemberEntry {
  address: string;
  capabilities: Capabilities;
  lastHeardAt: number;
  /** Known only from preRegister: no registration yet (or it lapsed); not a member, no notices. */
  placeholder: boolean;
  /** This system invited it (spec 5.14): kept and re-invited even while it is silent. */
  preRegistered: boolean;
  /** Which run of that admin registered (see ConventionRegister.incarnation). */
  incarnation: string;
  cancelExpiry?: () => void;
  cancelInvite?: () => void;
}

function info(e: MemberEntry): MemberInfo {
  return { address: e.address, capabilities: e.capabilities, lastHeardAt: e.lastHeardAt };
}

/**
 * The remote admins one system knows, with the notices their comings and goings make:
 * 'joined' when a registration makes one a member, 'updated' when its capabilities change,
 * 'left' when it goes; an unchanged re-registration is silent (DESIGN "Conventions").
 */
export class MemberTable {
  private readonly entries = new Map<string, MemberEntry>();
  readonly events: MembershipEvents;

  constructor(
    private readonly scheduler: Scheduler,
    log: (text: string) => void,
  ) {
    this.events = new MembershipEvents(log);
  }

  get(address: string): MemberEntry | undefined {
    return this.entries.get(address);
  }

  isMember(address: string): boolean {
    const e = this.entries.get(address);
    return e !== undefined && !e.placeholder;
  }

  members(): MemberInfo[] {
    return [...this.entries.values()].filter((e) => !e.placeholder).map(info);
  }

  all(): MemberEntry[] {
    return [...this.entries.values()];
  }

  /** A placeholder from preRegister, or an existing entry marked as invited. */
  invite(address: string, capabilities: Capabilities): MemberEntry {
    const existing = this.entries.get(address);
    if (existing) {
      existing.preRegistered = true;
      if (existing.placeholder) existing.capabilities = capabilities;
      return existing;
    }
    const entry: MemberEntry = { address, capabilities, lastHeardAt: this.scheduler.now(), placeholder: true, preRegistered: true, incarnation: '' };
    this.entries.set(address, entry);
    return entry;
  }

  /**
   * A registration arrived. A first-time one from another run of a member already in
   * (restarted on the same address) reports it gone and joined again: what was known of it,
   * such as the actors it held, is wrong now. Returns the entry.
   */
  registered(address: string, capabilities: Capabilities, firstTime: boolean, incarnation: string, expiresInMs: number, onExpired: () => void): MemberEntry {
    const now = this.scheduler.now();
    let entry = this.entries.get(address);
    let event: MembershipEvent['type'] | undefined;
    if (!entry) {
      entry = { address, capabilities, lastHeardAt: now, placeholder: false, preRegistered: false, incarnation };
      this.entries.set(address, entry);
      event = 'joined';
    } else {
      const afresh = firstTime && (incarnation === '' || incarnation !== entry.incarnation);
      entry.incarnation = incarnation;
      if (afresh && !entry.placeholder) this.events.emit({ type: 'left', member: info(entry), why: 'restarted' });
      const changed = !isDeepStrictEqual(entry.capabilities, capabilities);
      event = afresh || entry.placeholder ? 'joined' : changed ? 'updated' : undefined;
      entry.capabilities = capabilities;
      entry.placeholder = false;
      entry.lastHeardAt = now;
    }
    entry.cancelExpiry?.();
    entry.cancelExpiry = this.scheduler.after(expiresInMs, onExpired);
    if (event) this.events.emit({ type: event, member: info(entry) });
    return entry;
  }

  /**
   * It went (orderly or by silence). An invited one stays as a quiet placeholder so the
   * invitations go on; others are forgotten. False when it was not a member.
   */
  remove(address: string, why: 'deregistered' | 'missed', keepInvited = true): boolean {
    const entry = this.entries.get(address);
    if (!entry) return false;
    entry.cancelExpiry?.();
    entry.cancelExpiry = undefined;
    const wasMember = !entry.placeholder;
    if (entry.preRegistered && keepInvited) entry.placeholder = true;
    else {
      entry.cancelInvite?.();
      this.entries.delete(address);
    }
    if (wasMember) this.events.emit({ type: 'left', member: info(entry), why });
    return wasMember;
  }

  clear(): void {
    for (const e of this.entries.values()) {
      e.cancelExpiry?.();
      e.cancelInvite?.();
    }
    this.entries.clear();
  }
}
