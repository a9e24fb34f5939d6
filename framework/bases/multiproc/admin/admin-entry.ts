import type { ChildProcess } from 'node:child_process';
import type { Capabilities } from '../../../actor/context.js';
import type { AdminCounters, AdminEntry } from '../../../system/admin/admin-entry.js';
import type { OutboundEnvelope, ReceivedEnvelope } from '../../../transport/index.js';
import type { ControlMessage, StartOrder, WireSpec } from '../protocol.js';
import type { TransportKind } from '../node-config.js';
import type { ConventionConfig } from '../../../convention/convention-config.js';
import type { TlsPaths } from '../../../transport/tls-material.js';

/** An actor as the multi-process admin knows it: the shared facts plus where it runs. */
export interface Entry extends AdminEntry {
  route?: string;
  pid?: number;
  startedAt?: number;
  proc?: ChildProcess;
  requester?: { route: string; reqId: number };
  /** Later creators of the same global name, answered when the holder is ready (spec 4.6). */
  nameWaiters?: { route: string; reqId: number; lookup?: boolean }[];
  /** For a global name: the processes told its route, to be told to forget it when it exits. */
  knownBy?: Set<string>;
  /** Pooled mode: it runs in a host process shared with other actors (`pid` and `route` are the host's). */
  pooled?: boolean;
  /** Pooled mode, while it starts: its order, in case its host sends it back to run isolated. */
  order?: StartOrder;
  /** Sent while it starts: passed on, in order, once it is ready. */
  held: OutboundEnvelope[];
  /** Spec 4.11.3, made here and running on another system of the convention: that admin's route. */
  remoteAdmin?: string;
  /** Its process there, for direct routing (spec 9.4). */
  remoteRoute?: string;
  /** Started here for another system (its key's home), which hears when it starts and exits. */
  origin?: { home: string; tried: string[] };
  /** How it was asked for, kept while it may still be placed on another system. */
  creation?: { spec: WireSpec; requirements: unknown; tried: string[] };
  /** Asked of that system, waiting for its answer. */
  placing?: string;
}

export interface MultiprocCounters extends AdminCounters {
  messagesForwarded: number;
  transmitsDropped: number;
  /** Frames from another system's link this admin would not act on (logged; spec 4.11, issue 13 item 7). */
  refusedFromOtherSystems: number;
}

/** THESPIAN_MAX_ACTOR_PROCESSES: each actor process costs tens of MB; past this createActor fails. */
export const DEFAULT_MAX_ACTOR_PROCESSES = 256;

export function maxActorProcesses(): number {
  const n = Number(process.env.THESPIAN_MAX_ACTOR_PROCESSES);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_ACTOR_PROCESSES;
}

export interface AdminOptions {
  baseName: string;
  transportKind: TransportKind;
  host: string;
  capabilities: Capabilities;
  registry?: string;
  /** Where 'path:Export' specs from the wire may point (default: allowedRoots() here). */
  allowedRoots?: string[];
  /** The system secret, handed to each actor process through its environment (TCP, UDP). */
  secret?: Uint8Array;
  /** In a convention routed directly (not 'Admin Routing'): the key actor processes' links accept from other systems. */
  conventionLinkKey?: Uint8Array;
  /** The convention's TLS files: actor processes' links use TLS too. */
  tls?: TlsPaths;
  /** Warm processes kept ready for the next createActor (default: THESPIAN_SPARE_PROCESSES, see spare-pool.ts). */
  spares?: number;
  log: (level: string, message: string) => void;
  /** For an admin that lives in the starter (queue base): its endpoints are local. */
  deliverLocal?: (env: ReceivedEnvelope) => boolean;
  onStopped?: () => void;
  /** The lowest level this admin's own sink keeps (default 0: every record is wanted). */
  logLevel?: number;
  /** Spec 4.11: this system's convention settings (TCP base; absent elsewhere). */
  convention?: ConventionConfig;
  /** Actors' log records, for an admin whose own process keeps them (queue base). */
  logRecord?: (record: { level: string; message: string; time: number; actorAddress?: string; actorClass?: string }) => void;
  /** Answers to requests made in this process (route 'local'), for an in-process admin. */
  localReply?: (message: ControlMessage) => void;
}
