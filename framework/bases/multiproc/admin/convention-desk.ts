import { ActorAddress } from '../../../actor/address.js';
import type { ConventionStatus } from '../../../actor/status-messages.js';
import type { ConventionConfig } from '../../../convention/convention-config.js';
import { CONVENTION_TARGET_KEY, ConventionLinks } from '../../../convention/convention-port.js';
import { LeaderProtocol } from '../../../convention/leader-protocol.js';
import type { MembershipProvider } from '../../../convention/membership.js';
import { RegistrationNotices } from '../../../convention/registration-notices.js';
import { levelNumber } from '../../../logging/levels.js';
import type { Destination } from '../../../system/destination.js';
import type { OutboundEnvelope, ReceivedEnvelope } from '../../../transport/index.js';
import { ADMIN_SUFFIX, KIND_USER, REMOTE_TARGET_KEY, type RemoteRequest } from '../protocol.js';
import { Detours } from './detours.js';
import { remoteRequestProblem } from '../protocol-shapes.js';
import { RouteDestination } from '../envelope-destinations.js';
import type { AdminPort } from './admin-port.js';
import { RemotePlacement } from './remote-placement.js';
import { RemoteSources } from './remote-sources.js';
import type { DeskPort } from './desk-port.js';
import { canonicalAdmin, sameAdmin } from './convention-self.js';
import { JoinedTransport } from '../../../transport/joined-transport.js';

const WARNING = levelNumber('warning', 30);

/**
 * The admin's part in a convention (spec 4.11): membership through a MembershipProvider
 * (Thespian's leader protocol), membership news for registrants (5.7), pre-registration
 * (5.14, 5.15), placing actors on other systems (4.11.3, remote-placement.ts), passing
 * messages for keys made elsewhere to their home admin (9.4 Admin Routing), and WARNING+
 * records to the leader (4.13). What arrives on a link proved only with the convention key
 * is checked here before anything acts on it.
 */
export class ConventionDesk implements DeskPort {
  /** Any MembershipProvider fits here (issue 13 item 9); Thespian's leader protocol is the one made today. */
  readonly membership: MembershipProvider;
  readonly notices: RegistrationNotices;
  readonly placement: RemotePlacement;
  readonly sources: RemoteSources;
  private readonly links: ConventionLinks;
  private readonly homes = new Map<string, RouteDestination>();
  /** Route questions asked of other systems' admins, with who waits for each answer. */
  private readonly routeQuestions = new Map<string, ((route: string | null) => void)[]>();
  private warnedOutside = false;
  /** Admins this one cannot reach directly: their messages go through the leader. */
  readonly detours: Detours;

  constructor(
    private readonly admin: AdminPort,
    private readonly config: ConventionConfig,
    /** This admin's address in the convention: its route. */
    readonly self: string,
  ) {
    const log = (level: string, text: string): void => admin.options.log(level, `convention: ${text}`);
    this.links = new ConventionLinks(self, admin.transport, (text) => log('warning', text));
    const protocol = new LeaderProtocol({
      self,
      capabilities: { ...admin.core.capabilities },
      leaders: config.leaders.map((l) => (sameAdmin(l.text, self) ? self : canonicalAdmin(l.text))),
      reregistrationMs: config.reregistrationMs,
      missMax: config.missMax,
      port: this.links.port,
      log,
    });
    this.links.receiver = protocol;
    // Issue 13 item 8: a leader dialed at a ws(s):// URL is known by its admin address once it answers.
    this.links.onLeaderAnswered = (listed, address) => {
      if (!(admin.transport instanceof JoinedTransport) || !protocol.renameLeader(listed, address)) return;
      admin.transport.via(address, listed);
      log('info', `the leader at ${listed} is ${address}`);
    };
    this.membership = protocol;
    this.notices = new RegistrationNotices(
      this.membership,
      (registrant, update) => void admin.sendUser(registrant.key, update, admin.address, true),
      (address) => new ActorAddress(`${address}${ADMIN_SUFFIX}`, 'Admin'),
    );
    this.placement = new RemotePlacement(admin, this);
    this.detours = new Detours(admin, this);
    this.sources = new RemoteSources(admin, this);
    this.membership.subscribe((event) => {
      if (event.type === 'joined') log('info', `${event.member.address} joined the convention`);
      if (event.type === 'left') {
        log('info', `${event.member.address} left the convention (${event.why ?? 'gone'})`);
        this.placement.memberLeft(event.member.address);
      }
    });
  }

  start(): void {
    this.membership.start();
  }

  /** Orderly leave (spec 4.11.1): the others hear at once. */
  stop(): void {
    this.membership.stop();
    this.notices.close();
  }

  /** In a convention: it names a leader, or some system registered with it (it leads by invitation). */
  get active(): boolean {
    return this.config.leaders.length > 0 || this.membership.members().length > 0;
  }


  /** For a start order: the other systems' capabilities, so a declining class names who it would take. */
  peers(): { address: string; capabilities: Record<string, unknown> }[] | undefined {
    const members = this.membership.members();
    return members.length ? members.map((m) => ({ address: m.address, capabilities: { ...m.capabilities } })) : undefined;
  }

  /**
   * A frame from another system (its link proved the convention key, not our secret): only
   * membership and remote requests, and user messages for actors of a convention we are in.
   */
  admits(env: ReceivedEnvelope): boolean {
    if (env.targetKey === CONVENTION_TARGET_KEY) return true;
    const who = env.sender?.key ?? 'an unnamed sender';
    if (env.kind !== KIND_USER) {
      this.admin.counters.refusedFromOtherSystems++;
      this.admin.options.log('warning', `refused a control frame from another system (${who}): links between systems carry only user and convention messages`);
      return false;
    }
    if (env.targetKey === this.admin.key) {
      this.admin.counters.refusedFromOtherSystems++;
      this.admin.options.log('warning', `refused a message for this admin from another system (${who})`);
      return false;
    }
    if (!this.active) {
      this.admin.counters.refusedFromOtherSystems++;
      if (!this.warnedOutside) this.admin.options.log('warning', `refused a message for ${env.targetKey} from ${who}: this system is in no convention (counted in refusedFromOtherSystems; said once)`);
      this.warnedOutside = true;
      return false;
    }
    return true;
  }

  /** True when the envelope was convention traffic (taken here). */
  onEnvelope(env: ReceivedEnvelope): boolean {
    if (env.targetKey === CONVENTION_TARGET_KEY) return this.links.onEnvelope(env);
    if (env.targetKey !== REMOTE_TARGET_KEY) return false;
    const from = env.sender?.key;
    const problem = remoteRequestProblem(env.message);
    if (problem !== undefined || !from) {
      this.admin.options.log('warning', `dropped a malformed convention request from ${from ?? 'an unnamed sender'}: ${problem ?? 'no sender'}`);
      return true;
    }
    // Any system that proved the convention key may ask: members know only their leaders, so
    // the system that ran a placed actor is often one this system never heard of.
    this.remote(env.message as RemoteRequest, from);
    return true;
  }

  onUndeliverable(env: OutboundEnvelope, target: string): boolean {
    if (env.targetKey === CONVENTION_TARGET_KEY) return this.links.onUndeliverable(env, target);
    if (env.targetKey !== REMOTE_TARGET_KEY) return false;
    const req = env.message as RemoteRequest;
    if (req.op === 'remote-create') this.placement.unreachable(req.key, target);
    if (req.op === 'remote-via') this.detours.lost(req, target);
    return true;
  }

  private remote(req: RemoteRequest, from: string): void {
    switch (req.op) {
      case 'remote-create':
        return void this.placement.createHere(req, from);
      case 'remote-created':
        return this.placement.created(req, from);
      case 'remote-exited':
        return this.placement.exited(req.key, from);
      case 'remote-route?':
        return this.send(from, { op: 'remote-route', key: req.key, route: this.routeHere(req.key) });
      case 'remote-route': {
        const waiters = this.routeQuestions.get(req.key);
        this.routeQuestions.delete(req.key);
        // "Through me" (its admin routes: 'Admin Routing', 'Outbound Only', a WebSocket member):
        // our processes may not be able to reach that admin, and admin routing goes through both admins anyway.
        const route = req.route === from ? this.self : req.route;
        for (const w of waiters ?? []) w(route);
        return;
      }
      case 'remote-source?':
        return this.sources.asked(req.hash, from);
      case 'remote-source':
        return void this.sources.answered(req, from).catch((err: unknown) => this.admin.options.log('error', `convention: loading source ${req.hash} from ${from}: ${String(err)}`));
      case 'remote-via':
        return this.detours.via(req, from);
      case 'remote-log':
        // Spec 4.13: the leader's handlers see members' records; a leader never passes them on.
        return this.admin.forwardLog(req.level, req.message, req.actorAddress, req.actorClass, true);
    }
  }

  send(to: string, req: RemoteRequest): void {
    try {
      this.admin.transport.send(to, { targetKey: REMOTE_TARGET_KEY, sender: new ActorAddress(this.self, 'Admin'), message: req, system: true });
    } catch (err) {
      this.admin.options.log('warning', `convention: cannot send '${req.op}' to ${to}: ${(err as Error).message}`);
    }
  }

  /** Where a message for a key made by `home` goes: that admin (it knows where the actor runs). */
  toward(home: string): Destination<OutboundEnvelope> | undefined {
    if (!this.active) return undefined;
    const detour = this.detours.instead(home);
    if (detour) return detour;
    let d = this.homes.get(home);
    if (!d) this.homes.set(home, (d = new RouteDestination(this.admin.transport, home)));
    return d;
  }

  /** Spec 9.4: this system's actor processes take links from other systems' actors. */
  get direct(): boolean {
    return this.admin.options.conventionLinkKey !== undefined;
  }

  /**
   * Where `asker` (a process of this system) should send for `key`, made by another system:
   * with direct routing its home says which process runs it; otherwise, and for a starter
   * (whose links take no other system), this admin passes messages on.
   */
  routeFor(key: string, home: string, asker: string, reply: (route: string | null) => void): void {
    if (!this.active) return reply(null);
    if (!this.direct || this.admin.attached.has(asker)) return reply(this.self);
    let waiters = this.routeQuestions.get(key);
    if (!waiters) {
      this.routeQuestions.set(key, (waiters = []));
      this.send(home, { op: 'remote-route?', key });
      // An unreachable or silent home: this admin routes (and dead-letters if it cannot).
      setTimeout(() => {
        const late = this.routeQuestions.get(key);
        this.routeQuestions.delete(key);
        for (const w of late ?? []) w(this.self);
      }, 5000).unref();
    }
    waiters.push(reply);
  }

  /** This system's answer to another's route question for a key it made. */
  private routeHere(key: string): string | null {
    const entry = this.admin.core.entries.get(key);
    // Unknown here (an endpoint, or a creation still on its way): this admin passes messages on or dead-letters them.
    if (!entry) return this.self;
    if (entry.state === 'dead') return null;
    if (entry.state === 'starting' || !this.direct) return this.self;
    if (entry.remoteAdmin !== undefined) return entry.remoteRoute ?? entry.remoteAdmin;
    return entry.route ?? this.self;
  }

  /** Spec 4.13: a member's WARNING and above also reach its leader's log handlers. */
  logRecord(level: string, message: string, time: number, actorAddress?: string, actorClass?: string): void {
    if (levelNumber(level, 0) < WARNING) return;
    const leader = this.membership.leader();
    if (leader === undefined || leader === this.self) return;
    this.send(leader, { op: 'remote-log', level, message, time, ...(actorAddress ? { actorAddress } : {}), ...(actorClass ? { actorClass } : {}) });
  }

  status(): ConventionStatus {
    const s = this.membership.status();
    return { self: s.self, leader: s.leader ?? null, isLeader: this.membership.isLeader(), members: s.members.map((m) => ({ address: m.address, capabilities: { ...m.capabilities }, sinceMs: m.sinceMs, preRegistered: m.preRegistered, ...(this.admin.transport.hasReturnPath?.(m.address) ? { overItsLink: true } : {}) })) };
  }
}
