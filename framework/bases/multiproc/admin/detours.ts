import { ActorAddress } from '../../../actor/address.js';
import type { MembershipProvider } from '../../../convention/membership.js';
import type { Destination } from '../../../system/destination.js';
import { decodeMessage, prepareEnvelope, type OutboundEnvelope } from '../../../transport/index.js';
import { homeOf, KIND_USER, type RemoteRequest } from '../protocol.js';
import type { AdminPort } from './admin-port.js';

/** How long an admin that could not reach another directly goes through its leader before trying again. */
const DETOUR_MS = 30_000;

type Via = Extract<RemoteRequest, { op: 'remote-via' }>;

interface DetourDesk {
  readonly self: string;
  readonly membership: Pick<MembershipProvider, 'leader' | 'members'>;
  send(to: string, req: RemoteRequest): void;
}

/**
 * Messages for a member only its leader reaches (behind NAT or a firewall: a WebSocket member,
 * 'Outbound Only'), from another member (issue 13 item 8). A user message this admin could not
 * deliver to another system's admin goes to the leader once, naming where it is for
 * ('remote-via'); for a while after, messages for that admin go the same way at once. The
 * leader passes it on, over the member's own link, only to a member of its convention, and
 * dead-letters it if it cannot reach it either. Beyond Thespian, whose members all dial each other.
 */
export class Detours {
  /** Admin -> until when it is reached through the leader. */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly admin: AdminPort,
    private readonly desk: DetourDesk,
  ) {}

  /** While `target` is not reached directly: the destination that goes through the leader. */
  instead(target: string): Destination<OutboundEnvelope> | undefined {
    const until = this.until.get(target);
    if (until === undefined) return undefined;
    if (until < Date.now()) {
      this.until.delete(target);
      return undefined;
    }
    const leader = this.leaderFor(target);
    return leader === undefined ? undefined : { accept: (env) => this.sendVia(leader, target, env) };
  }

  /** A user message could not reach the admin `target`: true when it went to the leader instead. */
  detour(env: OutboundEnvelope, target: string): boolean {
    if (env.kind !== KIND_USER) return false;
    // Only for another system's admin: the key's home, or where an actor made here runs.
    if (homeOf(env.targetKey) !== target && this.admin.core.entries.get(env.targetKey)?.remoteAdmin !== target) return false;
    const leader = this.leaderFor(target);
    if (leader === undefined) return false;
    if (!this.until.has(target)) this.admin.options.log('info', `convention: cannot reach ${target} directly; its actors' messages go through the leader ${leader} for ${DETOUR_MS / 1000} s`);
    this.until.set(target, Date.now() + DETOUR_MS);
    this.sendVia(leader, target, env);
    return true;
  }

  /** At the leader: pass a member's message on to `to`, which must be a member of this convention. */
  via(req: Via, from: string): void {
    if (!this.desk.membership.members().some((m) => m.address === req.to)) {
      this.admin.counters.refusedFromOtherSystems++;
      this.admin.options.log('warning', `convention: ${from} asked to pass a message for ${req.targetKey} on to ${req.to}, which is no member here; dropped (counted in refusedFromOtherSystems)`);
      return;
    }
    let message: unknown;
    try {
      message = decodeMessage(req.payload);
    } catch (err) {
      this.admin.options.log('warning', `convention: a message ${from} asked to pass on to ${req.to} does not decode: ${(err as Error).message}; dropped`);
      return;
    }
    const sender = req.sender === null ? null : new ActorAddress(req.sender, req.label);
    this.admin.transport.send(req.to, prepareEnvelope({ targetKey: req.targetKey, sender, message, kind: KIND_USER, system: req.system }, req.payload));
  }

  /** The leader could not be reached either: the message is a dead letter here. */
  lost(req: Via, leader: string): void {
    let message: unknown;
    try {
      message = decodeMessage(req.payload);
    } catch {
      message = undefined; // encoded here: it decodes
    }
    this.admin.options.log('warning', `convention: a message for ${req.targetKey} could reach neither ${req.to} nor the leader ${leader}; dead-lettered`);
    this.admin.deadLetter(req.targetKey, '', message, req.sender === null ? null : new ActorAddress(req.sender, req.label));
  }

  private leaderFor(target: string): string | undefined {
    const leader = this.desk.membership.leader();
    return leader === undefined || leader === this.desk.self || leader === target ? undefined : leader;
  }

  private sendVia(leader: string, to: string, env: OutboundEnvelope): void {
    this.desk.send(leader, { op: 'remote-via', to, targetKey: env.targetKey, sender: env.sender?.key ?? null, label: env.sender?.label ?? '', system: env.system, payload: env.payload });
  }
}
