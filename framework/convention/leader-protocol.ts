import { randomUUID } from 'node:crypto';
import type { Capabilities } from '../actor/context.js';
import { THESPIAN_VERSION } from '../system/capabilities.js';
import { DEFAULT_MISS_MAX, DEFAULT_REREGISTRATION_MS } from './convention-config.js';
import { ConventionDeRegister, ConventionInvite, ConventionRegister, wellFormed, type ConventionMessage } from './convention-messages.js';
import { HysteresisSender, type HysteresisOptions } from './hysteresis-sender.js';
import { MemberTable } from './member-table.js';
import { placeAmong, type MemberInfo, type MembershipListener, type MembershipProvider, type MembershipStatus, type Placement } from './membership.js';
import { realScheduler, type Scheduler } from './scheduler.js';

/** Thespian's CONVENTION_RESTART_PERIOD (3 min 22 s) and CONVENTION_REINVITE_ADJUSTMENT. */
export const DEFAULT_RESTART_MS = 202_000;
export const REINVITE_FACTOR = 1.1;

export type ConventionLogLevel = 'debug' | 'info' | 'warning' | 'error';

/** How the protocol reaches other admins: whatever transport carries frames between them. */
export interface ConventionPort {
  send(toAdmin: string, message: ConventionMessage): void;
}

export interface LeaderProtocolOptions {
  /** This admin's address as the others reach it. */
  self: string;
  capabilities: Capabilities;
  /** 'Convention Address.IPv4' in listed order; may name `self`; empty: lead alone. */
  leaders: readonly string[];
  port: ConventionPort;
  reregistrationMs?: number;
  missMax?: number;
  restartMs?: number;
  scheduler?: Scheduler;
  hysteresis?: Omit<HysteresisOptions, 'scheduler'>;
  log?: (level: ConventionLogLevel, text: string) => void;
}

/**
 * Thespian's convention membership (system/admin/convention.py, spec 4.11.1, 5.14, 5.15) as a
 * MembershipProvider, transport-free: the owner feeds it `receive` and `transmitFailed`, and it
 * talks through `port`. Members register with every listed leader at start and every
 * `reregistrationMs`; every leader answers each registration (the live one is the first listed present);
 * a member whose registrations go unanswered or fail for `missMax` periods starts over, and a
 * system drops one it has not heard from for `missMax` periods.
 */
export class LeaderProtocol implements MembershipProvider {
  readonly self: string;
  /** This run of this admin (ConventionRegister.incarnation). */
  readonly incarnation = randomUUID();
  private capabilities: Capabilities;
  private leaders: string[];
  private invited = false;
  private readonly port: ConventionPort;
  private readonly reregistrationMs: number;
  private readonly missMax: number;
  private readonly restartMs: number;
  private readonly scheduler: Scheduler;
  private readonly log: (level: ConventionLogLevel, text: string) => void;
  private readonly table: MemberTable;
  private readonly hysteresis: HysteresisSender;
  private cancelRegistration: (() => void) | undefined;
  private answered = false;
  private failedThisPeriod = false;
  private misses = 0;
  private running = false;

  constructor(options: LeaderProtocolOptions) {
    this.self = options.self;
    this.capabilities = withVersion(options.capabilities);
    this.leaders = [...options.leaders];
    this.port = options.port;
    this.reregistrationMs = options.reregistrationMs ?? DEFAULT_REREGISTRATION_MS;
    this.missMax = options.missMax ?? DEFAULT_MISS_MAX;
    this.restartMs = options.restartMs ?? DEFAULT_RESTART_MS;
    this.scheduler = options.scheduler ?? realScheduler;
    this.log = options.log ?? (() => {});
    this.table = new MemberTable(this.scheduler, (text) => this.log('error', text));
    this.hysteresis = new HysteresisSender((to, m) => this.transmit(to, m as ConventionMessage), { ...options.hysteresis, scheduler: this.scheduler });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.register();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.cancelRegistration?.();
    this.hysteresis.close();
    // Beyond Thespian (which tells only the live leader): every admin that holds us hears at
    // once, so a second listed leader does not wait out the misses; and every listed leader,
    // even one this system had given up on (its answers late on a loaded machine), may hold us.
    const told = new Set([...this.table.members().map((m) => m.address), ...this.leaders.filter((l) => l !== this.self)]);
    for (const address of told) this.transmit(address, new ConventionDeRegister(this.self));
    this.table.clear();
  }

  members(): MemberInfo[] {
    return this.table.members();
  }

  leader(): string | undefined {
    if (this.leaders.length === 0) return this.self;
    return this.leaders.find((l) => l === this.self || this.table.isMember(l));
  }

  isLeader(): boolean {
    return this.leader() === this.self;
  }

  subscribe(listener: MembershipListener): () => void {
    return this.table.events.subscribe(listener, this.table.members());
  }

  place(accepts: (capabilities: Capabilities, address: string) => boolean, alreadyTried: readonly string[], from?: string): Placement {
    const leader = this.leader();
    return placeAmong(this.members(), { address: leader, isSelf: leader === this.self }, accepts, [...alreadyTried, this.self], from);
  }

  /**
   * A listed leader (a ws:// URL) answered as the admin it is: known by that address from now on
   * (its actors' addresses name it so). False when `listed` is not a listed leader.
   */
  renameLeader(listed: string, address: string): boolean {
    const at = this.leaders.indexOf(listed);
    if (at < 0 || this.leaders.includes(address)) return false;
    this.leaders[at] = address;
    return true;
  }

  /** Spec 5.12: the others learn at once (a re-registration now, not at the next period). */
  updateCapabilities(capabilities: Capabilities): void {
    this.capabilities = withVersion(capabilities);
    if (this.running) this.register();
  }

  /** Spec 5.14: a placeholder now (no notice), the real capabilities when the remote registers. */
  preRegister(address: string, capabilities: Capabilities): void {
    if (address === this.self) return this.log('warning', `preRegisterRemoteSystem(${address}) names this system itself; ignored`);
    const entry = this.table.invite(address, capabilities);
    entry.cancelInvite?.();
    const reinvite = (): void => {
      this.hysteresis.send(address, new ConventionInvite());
      // Thespian re-invites every 1.1 periods while the membership holds, 1.1 restart periods after.
      const every = REINVITE_FACTOR * (this.table.isMember(address) ? this.reregistrationMs : this.restartMs);
      entry.cancelInvite = this.scheduler.after(every, reinvite);
    };
    reinvite();
  }

  /** Spec 5.15: the remote is told, registrants hear remoteAdded false; no more invitations. */
  deRegister(address: string): void {
    const entry = this.table.get(address);
    if (!entry) return this.log('warning', `deRegisterRemoteSystem(${address}): no such remote system is known; ignored`);
    this.hysteresis.cancel(address);
    this.transmit(address, new ConventionDeRegister(this.self));
    this.table.remove(address, 'deregistered', false);
  }

  /** A convention message from the admin at `from` (as the transport authenticated it). */
  receive(from: string, message: ConventionMessage): void {
    if (!this.running) return;
    const bad = wellFormed(message);
    if (bad) return this.log('warning', `ignoring a malformed ${message.constructor.name} from ${from}: ${bad}`);
    if (message instanceof ConventionInvite) return this.invitedBy(from);
    if (message.adminAddress !== from) {
      return this.log('warning', `ignoring ${message.constructor.name} from ${from} that names ${message.adminAddress}: an admin speaks only for itself`);
    }
    if (from === this.self) return this.log('warning', `ignoring a convention message that claims to come from this system (${from})`);
    if (message instanceof ConventionRegister) this.registration(message);
    else this.left(from, 'deregistered');
  }

  /** The transport could not deliver `message` to `to` (a registration miss, Thespian-style). */
  transmitFailed(to: string, message: ConventionMessage): void {
    if (!(message instanceof ConventionRegister) || message.reply) return;
    const live = this.leader();
    if (to !== live && !(live === undefined && this.leaders.includes(to))) return;
    this.failedThisPeriod = true;
    this.log('info', `registration with convention leader ${to} could not be delivered (a miss)`);
  }

  /** For status: the leader, and each member with its capabilities and time since it was heard. */
  status(): MembershipStatus {
    const now = this.scheduler.now();
    return {
      self: this.self,
      leader: this.leader(),
      members: this.table.all().filter((e) => !e.placeholder).map((e) => ({ address: e.address, capabilities: e.capabilities, lastHeardAt: e.lastHeardAt, sinceMs: now - e.lastHeardAt, preRegistered: e.preRegistered })),
    };
  }

  private transmit(to: string, message: ConventionMessage): void {
    try {
      this.port.send(to, message);
    } catch (err) {
      this.log('warning', `cannot send ${message.constructor.name} to ${to}: ${(err as Error)?.message ?? String(err)}`);
      this.transmitFailed(to, message);
    }
  }

  /**
   * Registers with every listed leader but itself: first time unless that leader holds us
   * already (it answered us), so an unchanged re-registration is news to nobody.
   */
  private register(): void {
    this.cancelRegistration?.();
    this.answered = false;
    this.failedThisPeriod = false;
    for (const l of this.leaders) {
      if (l === this.self) continue;
      const again = this.table.isMember(l);
      this.log(again ? 'debug' : 'info', `registering with convention leader ${l} (${again ? 're-registering' : 'first time'})`);
      this.hysteresis.send(l, new ConventionRegister(this.self, this.capabilities, !again, false, this.incarnation));
    }
    this.scheduleRegistration();
  }

  private scheduleRegistration(): void {
    this.cancelRegistration?.();
    if (this.leaders.some((l) => l !== this.self)) this.cancelRegistration = this.scheduler.after(this.reregistrationMs, () => this.registrationDue());
  }

  private registrationDue(): void {
    const leader = this.leader();
    // The live leader checks in with nobody: the others hear from it in its answers (Thespian).
    if (leader === this.self) {
      this.misses = 0;
      return this.scheduleRegistration();
    }
    this.misses = this.failedThisPeriod || !this.answered ? this.misses + 1 : 0;
    if (this.misses >= this.missMax) {
      this.log('warning', `convention registration lost @ ${leader ?? this.leaders.join(', ')} (${this.misses} missed); starting over`);
      this.misses = 0;
      if (leader !== undefined) {
        this.hysteresis.cancel(leader);
        this.table.remove(leader, 'missed');
      }
    }
    this.register();
  }

  private registration(m: ConventionRegister): void {
    const from = m.adminAddress;
    if (this.invited && this.leaders.length === 0) return; // an invitation-only member whose inviter left waits for a new invite
    this.table.registered(from, m.capabilities, m.firstTime, m.incarnation, this.reregistrationMs * this.missMax, () => this.missed(from));
    if (from === this.leader() && from !== this.self) {
      this.answered = true;
      this.misses = 0;
    }
    // Beyond Thespian, where only the live leader answers check-ins: every listed leader answers,
    // so members know which leaders are alive and fail over at once on an orderly leave.
    if (!m.reply) {
      this.transmit(from, new ConventionRegister(this.self, this.capabilities, false, true, this.incarnation));
    }
  }

  private missed(address: string): void {
    this.log('warning', `${address} missed ${this.missMax} check-ins (${this.missMax} x ${this.reregistrationMs} ms); assuming it has died`);
    this.left(address, 'missed');
  }

  private left(address: string, why: 'deregistered' | 'missed'): void {
    const wasLeader = address === this.leader();
    this.hysteresis.cancel(address);
    this.table.remove(address, why);
    if (!wasLeader || address === this.self) return;
    if (this.invited) {
      // Thespian: once invited, only a new invitation makes this system a member again.
      this.leaders = [];
      this.cancelRegistration?.();
      return;
    }
    this.misses = 0;
    this.register(); // the next listed leader, at once
  }

  private invitedBy(from: string): void {
    if (from === this.self) return;
    this.leaders = [from];
    this.invited = true;
    this.register();
  }
}

function withVersion(capabilities: Capabilities): Capabilities {
  return 'Thespian Version' in capabilities ? { ...capabilities } : { ...capabilities, 'Thespian Version': THESPIAN_VERSION };
}
