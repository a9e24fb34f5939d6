import type { ActorAddress } from '../actor/address.js';
import { ActorSystemConventionUpdate } from '../actor/messages.js';
import type { MemberInfo, MembershipEvent, MembershipProvider } from './membership.js';

/**
 * `notifyOnSystemRegistrationChanges` (spec 5.7, 7.7) over any MembershipProvider: a new
 * registrant first hears of every member already joined, then every registrant hears each
 * join, capability change (remoteAdded true, new capabilities) and leave (remoteAdded false).
 */
export class RegistrationNotices {
  private readonly registrants: ActorAddress[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly membership: MembershipProvider,
    private readonly send: (registrant: ActorAddress, update: ActorSystemConventionUpdate) => void,
    /** The ActorAddress registrants see for a remote admin (its address is opaque to them). */
    private readonly adminAddress: (admin: string) => ActorAddress,
  ) {
    let replaying = true;
    // The replay on subscribe is for registrants added later; none exist yet.
    this.unsubscribe = membership.subscribe((event) => {
      if (!replaying) this.publish(event);
    });
    replaying = false;
  }

  get count(): number {
    return this.registrants.length;
  }

  /** Enable (spec 5.7 `true`); a registrant added twice still hears each change once. */
  add(registrant: ActorAddress): void {
    if (this.registrants.some((r) => r.equals(registrant))) return;
    this.registrants.push(registrant);
    for (const m of this.membership.members()) this.send(registrant, this.update(m, true));
  }

  remove(registrant: ActorAddress): void {
    const i = this.registrants.findIndex((r) => r.equals(registrant));
    if (i >= 0) this.registrants.splice(i, 1);
  }

  close(): void {
    this.unsubscribe();
    this.registrants.length = 0;
  }

  private publish(event: MembershipEvent): void {
    const update = this.update(event.member, event.type !== 'left');
    for (const r of [...this.registrants]) this.send(r, update);
  }

  private update(m: MemberInfo, added: boolean): ActorSystemConventionUpdate {
    return new ActorSystemConventionUpdate(this.adminAddress(m.address), { ...m.capabilities }, added);
  }
}
