import type { ActorAddress, ActorStatus, SystemStatus } from '../framework/index.js';
import type { Paint } from './feedback.js';

/**
 * `thespian status --json`, schema 'thespian-status/1'. Stable: fields are only ever added;
 * a change of meaning gets a new schema name. Addresses are their keys (what `shell` takes).
 */
export interface StatusJson {
  schema: 'thespian-status/1';
  base: string;
  pid: number | null;
  startedAt: string | null;
  uptimeMs: number | null;
  capabilities: Record<string, unknown>;
  counters: Record<string, number>;
  globalNames: Record<string, string>;
  deadLetterHandlers: string[];
  loadedSources: string[];
  actorCount: number;
  actors: ActorJson[];
  /** Present when the system is in a convention (spec 4.11). */
  convention?: ConventionJson;
}

export interface ConventionJson {
  self: string;
  leader: string | null;
  isLeader: boolean;
  members: { address: string; capabilities: Record<string, unknown>; lastHeardMsAgo: number; preRegistered: boolean; overItsLink?: boolean }[];
}

export interface ActorJson {
  address: string;
  class: string;
  globalName: string;
  parent: string | null;
  children: string[];
  pid: number | null;
  startedAt: string | null;
  uptimeMs: number | null;
  /** null: the actor did not answer in time (busy or stuck), so its counts are unknown. */
  pendingMessages: number | null;
  pendingWakeups: number | null;
  messagesReceived: number | null;
  responsive: boolean;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
const since = (ms: number | undefined, now: number): number | null => (ms === undefined ? null : Math.max(0, now - ms));
const key = (a: ActorAddress | null | undefined): string | null => (a ? a.key : null);

export function statusJson(st: SystemStatus, now = Date.now()): StatusJson {
  const details = st.actorDetails ?? [];
  const actors = details.map((a: ActorStatus): ActorJson => {
    const answered = a.responsive !== false;
    return {
      address: a.actorAddress.key,
      class: a.actorClass,
      globalName: a.globalName,
      parent: key(a.parent),
      children: details.filter((c) => key(c.parent) === a.actorAddress.key).map((c) => c.actorAddress.key),
      pid: a.pid ?? null,
      startedAt: iso(a.startedAt),
      uptimeMs: since(a.startedAt, now),
      pendingMessages: answered ? a.pendingMessages : null,
      pendingWakeups: answered ? a.pendingWakeups : null,
      messagesReceived: answered ? a.messagesReceived : null,
      responsive: answered,
    };
  });
  return {
    schema: 'thespian-status/1',
    base: st.base,
    pid: st.pid ?? null,
    startedAt: iso(st.startedAt),
    uptimeMs: since(st.startedAt, now),
    capabilities: { ...st.capabilities },
    counters: { ...st.counters },
    globalNames: Object.fromEntries(Object.entries(st.globalNames).map(([n, a]) => [n, a.key])),
    deadLetterHandlers: st.deadLetterHandlers.map((a) => a.key),
    loadedSources: [...st.loadedSources],
    actorCount: st.actorCount,
    actors,
    ...(st.convention
      ? {
          convention: {
            self: st.convention.self,
            leader: st.convention.leader,
            isLeader: st.convention.isLeader,
            members: st.convention.members.map((m) => ({ address: m.address, capabilities: { ...m.capabilities }, lastHeardMsAgo: m.sinceMs, preRegistered: m.preRegistered, ...(m.overItsLink ? { overItsLink: true } : {}) })),
          },
        }
      : {}),
  };
}

function duration(ms: number | null): string {
  if (ms === null) return '?';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600)}h`;
}

function compact(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Counter names as people say them; unknown ones print as they are. */
const COUNTER_NAMES: Record<string, string> = { deadLetters: 'dead letters', poisonMessages: 'poison', drops: 'drops', droppedTransmits: 'drops', actorsCreated: 'created', actorsExited: 'exited', messagesForwarded: 'forwarded', spareProcesses: 'spares' };

function actorLine(a: ActorJson, c: Paint): string {
  const name = a.globalName ? ` ${c.cyan(`'${a.globalName}'`)}` : '';
  const counts = a.responsive
    ? `mailbox ${a.pendingMessages === 0 ? '0' : c.yellow(String(a.pendingMessages))}  handled ${a.messagesReceived}${a.pendingWakeups ? `  wakeups ${a.pendingWakeups}` : ''}`
    : a.startedAt === null
      ? c.yellow('starting')
      : c.red('not answering (busy or stuck)');
  return `${c.bold(a.class)}${name}  ${c.dim(a.address)}  pid ${a.pid ?? '?'}  up ${duration(a.uptimeMs)}  ${counts}`;
}

/** The text form: system line, capabilities, counters, then the actor tree (children under parents). */
export function statusText(j: StatusJson, c: Paint): string {
  const lines = [
    `${c.bold(j.base)} admin  pid ${j.pid ?? '?'}  port ${compact(j.capabilities['Admin Port'])}  up ${duration(j.uptimeMs)}`,
    `capabilities: ${Object.entries(j.capabilities).map(([k, v]) => `${k}=${compact(v)}`).join(' · ') || '(none)'}`,
    `counters: ${Object.entries(j.counters).map(([k, v]) => `${COUNTER_NAMES[k] ?? k} ${v && /dead|poison|drop/i.test(k) ? c.yellow(String(v)) : v}`).join(' · ')}`,
  ];
  if (j.deadLetterHandlers.length) lines.push(`dead letter handlers: ${j.deadLetterHandlers.join(', ')}`);
  if (j.convention) lines.push(...conventionText(j.convention, c));
  lines.push(`actors (${j.actorCount}):${j.actorCount ? '' : ' none'}`);
  const byKey = new Map(j.actors.map((a) => [a.address, a]));
  const roots = j.actors.filter((a) => a.parent === null || !byKey.has(a.parent));
  const walk = (a: ActorJson, prefix: string, last: boolean): void => {
    lines.push(`${prefix}${last ? '└─ ' : '├─ '}${actorLine(a, c)}`);
    const kids = a.children.map((k) => byKey.get(k)).filter((k): k is ActorJson => k !== undefined);
    kids.forEach((k, i) => walk(k, `${prefix}${last ? '   ' : '│  '}`, i === kids.length - 1));
  };
  roots.forEach((a, i) => walk(a, '  ', i === roots.length - 1));
  return lines.join('\n');
}

/** Spec 4.11: who leads, and each system this one knows with its capabilities and last check-in. */
function conventionText(v: ConventionJson, c: Paint): string[] {
  const role = v.isLeader ? c.bold('leader') : `member of ${v.leader ?? c.yellow('(no leader reachable)')}`;
  return [
    `convention: ${v.self} ${role}, ${v.members.length} other system${v.members.length === 1 ? '' : 's'}`,
    ...v.members.map(
      (m) =>
        `  ${m.address}${m.preRegistered ? ' (pre-registered)' : ''}${m.overItsLink ? ' (over its own link)' : ''}  heard ${duration(m.lastHeardMsAgo)} ago  ${Object.entries(m.capabilities)
          .map(([k, val]) => `${k}=${compact(val)}`)
          .join(' · ')}`,
    ),
  ];
}
