import type { Capabilities } from '../actor/context.js';

/**
 * The seam between a convention's membership and everything that uses it (issue 13 item 9, in
 * the spirit of Proto.Actor's cluster providers): who is in, with what capabilities, whether
 * alive, and which member gets a create. Thespian's leader protocol (leader-protocol.ts) is the
 * first provider; one backed by a broker (NATS KV) must fit without touching routing.
 */
export interface MemberInfo {
  /** How admins reach it: 'host:port' or a ws URL. */
  readonly address: string;
  readonly capabilities: Capabilities;
  /** Scheduler time of its last registration (status shows time since). */
  readonly lastHeardAt: number;
}

export interface MembershipStatus {
  self: string;
  leader: string | undefined;
  members: (MemberInfo & { sinceMs: number; preRegistered: boolean })[];
}

export type MembershipEventType = 'joined' | 'updated' | 'left';

export interface MembershipEvent {
  type: MembershipEventType;
  member: MemberInfo;
  /** For 'left': 'deregistered' (orderly), 'missed' (check-ins), 'restarted' (registered afresh). */
  why?: 'deregistered' | 'missed' | 'restarted';
}

export type MembershipListener = (event: MembershipEvent) => void;

export type Placement = { kind: 'member'; address: string } | { kind: 'leader'; address: string } | { kind: 'none' };

export interface MembershipProvider {
  start(): void;
  /** Orderly leave: others hear at once. */
  stop(): void;
  /** Live members in the order they joined. */
  members(): MemberInfo[];
  /** The live leader's address (this system's own when it leads), or undefined while unknown. */
  leader(): string | undefined;
  isLeader(): boolean;
  updateCapabilities(capabilities: Capabilities): void;
  /** Spec 5.14/5.15; a provider without invitations treats these as static members. */
  preRegister(address: string, capabilities: Capabilities): void;
  deRegister(address: string): void;
  /** Replays 'joined' for members already in, then reports changes; returns the unsubscribe. */
  subscribe(listener: MembershipListener): () => void;
  /** For status (issue 13 item 10): who leads, and every system known here with the time since it was heard. */
  status(): MembershipStatus;
  /** Where a create that failed locally goes next (spec 4.11.3). */
  place(accepts: (capabilities: Capabilities, address: string) => boolean, alreadyTried: readonly string[], from?: string): Placement;
}

/**
 * Thespian's choice (convention.py forward_pending_to_remote_system): the first live member in
 * join order that accepts, is not the requester and was not tried; with none, a member asks
 * its leader (unless the leader was tried) and a leader gives up. Thespian's "fewest remote
 * actors" balancing is dead code there (its counter never moves), so it is not copied.
 */
export function placeAmong(
  members: readonly MemberInfo[],
  leader: { address: string | undefined; isSelf: boolean },
  accepts: (capabilities: Capabilities, address: string) => boolean,
  alreadyTried: readonly string[],
  from?: string,
): Placement {
  const tried = new Set(alreadyTried);
  for (const m of members) {
    if (m.address === from || tried.has(m.address)) continue;
    let ok: boolean;
    try {
      ok = accepts(m.capabilities, m.address);
    } catch {
      ok = false; // an actor's capability check that throws declines, as locally
    }
    if (ok) return { kind: 'member', address: m.address };
  }
  if (leader.isSelf || leader.address === undefined || tried.has(leader.address)) return { kind: 'none' };
  return { kind: 'leader', address: leader.address };
}

/** Listeners with replay-on-subscribe; a listener that throws is logged, never fatal. */
export class MembershipEvents {
  private readonly listeners = new Set<MembershipListener>();

  constructor(private readonly log: (text: string) => void) {}

  subscribe(listener: MembershipListener, current: readonly MemberInfo[]): () => void {
    this.listeners.add(listener);
    for (const member of current) this.call(listener, { type: 'joined', member });
    return () => void this.listeners.delete(listener);
  }

  emit(event: MembershipEvent): void {
    for (const l of [...this.listeners]) this.call(l, event);
  }

  private call(listener: MembershipListener, event: MembershipEvent): void {
    try {
      listener(event);
    } catch (err) {
      this.log(`membership listener threw on ${event.type} of ${event.member.address}: ${(err as Error)?.stack ?? String(err)}`);
    }
  }
}
