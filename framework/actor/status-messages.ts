import { ActorAddress } from './address.js';
import { Message } from './decorators.js';
import { ActorSystemMessage } from './messages.js';
import type { Capabilities } from './context.js';

/** Spec 7.12: answered by the system (never the actor) with ActorStatus or SystemStatus. */
@Message({ id: 'thespian.StatusRequest' })
export class StatusRequest extends ActorSystemMessage {}

@Message({ id: 'thespian.ActorStatus' })
export class ActorStatus extends ActorSystemMessage {
  actorAddress!: ActorAddress;
  actorClass = '';
  globalName = '';
  parent: ActorAddress | null = null;
  childActors: ActorAddress[] = [];
  pendingMessages = 0;
  pendingWakeups = 0;
  messagesReceived = 0;
  pid?: number;
  /** When the actor became live (ms since the epoch), where the system knows it. */
  startedAt?: number;
  /** True when the actor shares a host process with other actors (pooled mode): `pid` is the host's. */
  pooled?: boolean;
  /** False when the actor did not answer the system's status question in time (busy or stuck): counts are unknown. */
  responsive?: boolean;

  constructor(init: Partial<ActorStatus> = {}) {
    super();
    Object.assign(this, init);
  }

  override toString(): string {
    const lines = [
      `Actor ${this.actorClass} at ${String(this.actorAddress)}${this.globalName ? ` (globalName '${this.globalName}')` : ''}`,
      `  parent:            ${this.parent ? String(this.parent) : '(none: top-level)'}`,
      `  children:          ${this.childActors.length ? this.childActors.map(String).join(', ') : '(none)'}`,
      `  pending messages:  ${this.pendingMessages}`,
      `  pending wakeups:   ${this.pendingWakeups}`,
      `  messages received: ${this.messagesReceived}`,
    ];
    if (this.pid !== undefined) lines.push(`  pid:               ${this.pid}${this.pooled ? ' (a pooled host, shared)' : ''}`);
    return lines.join('\n');
  }
}

/** A system's view of its convention: who leads, and the systems it knows with their capabilities. */
export interface ConventionStatus {
  /** This system's admin address in the convention ('host:port'). */
  self: string;
  leader: string | null;
  isLeader: boolean;
  /** `overItsLink`: this system reaches that one only over the link it opened ('Outbound Only', a WebSocket member). */
  members: { address: string; capabilities: Capabilities; sinceMs: number; preRegistered: boolean; overItsLink?: boolean }[];
}

@Message({ id: 'thespian.SystemStatus' })
export class SystemStatus extends ActorSystemMessage {
  base = '';
  capabilities: Capabilities = {};
  actorCount = 0;
  actors: ActorAddress[] = [];
  globalNames: Record<string, ActorAddress> = {};
  loadedSources: string[] = [];
  deadLetterHandlers: ActorAddress[] = [];
  counters: Record<string, number> = {};
  pid?: number;
  /** One ActorStatus per live actor (multi-process bases: asked of each actor when status is requested). */
  actorDetails: ActorStatus[] = [];
  /** When the system (its admin) started, ms since the epoch. */
  startedAt?: number;
  /** Spec 4.11: the convention this system is in, when it is in one. */
  convention?: ConventionStatus;

  constructor(init: Partial<SystemStatus> = {}) {
    super();
    Object.assign(this, init);
  }

  override toString(): string {
    const names = Object.entries(this.globalNames);
    const lines = [
      `ActorSystem ${this.base}${this.pid !== undefined ? ` (pid ${this.pid})` : ''}`,
      `  actors:        ${this.actorCount}`,
      `  global names:  ${names.length ? names.map(([n, a]) => `${n} -> ${String(a)}`).join(', ') : '(none)'}`,
      `  loaded sources: ${this.loadedSources.length ? this.loadedSources.join(', ') : '(none)'}`,
      '  capabilities:',
      ...Object.entries(this.capabilities).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`),
      '  counters:',
      ...Object.entries(this.counters).map(([k, v]) => `    ${k}: ${v}`),
      ...conventionLines(this.convention),
    ];
    return lines.join('\n');
  }
}

function conventionLines(c: ConventionStatus | undefined): string[] {
  if (!c) return [];
  return [
    `  convention:    ${c.self}, ${c.isLeader ? 'leader' : `leader ${c.leader ?? '(none reachable)'}`}`,
    ...c.members.map((m) => `    ${m.address}${m.preRegistered ? ' (pre-registered)' : ''}: heard ${Math.round(m.sinceMs / 1000)} s ago; ${JSON.stringify(m.capabilities)}`),
  ];
}
