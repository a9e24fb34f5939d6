import type { ActorAddress } from '../../../actor/address.js';
import type { SystemStatus } from '../../../actor/status-messages.js';
import type { AdminCore } from '../../../system/admin/admin-core.js';
import type { OutboundEnvelope, Transport } from '../../../transport/index.js';
import type { AdminRequest, ControlMessage } from '../protocol.js';
import type { AdminOptions, Entry, MultiprocCounters } from './admin-entry.js';
import type { ProcessPool } from './process-pool.js';
import type { RouteDesk } from './route-desk.js';
import type { MembershipProvider } from '../../../convention/membership.js';

/** What the admin's parts (requests, actor starts) use of it; Admin implements it. */
export interface AdminPort {
  readonly key: string;
  readonly transport: Transport;
  readonly options: AdminOptions;
  readonly core: AdminCore<Entry, MultiprocCounters>;
  readonly counters: MultiprocCounters;
  readonly processes: ProcessPool;
  readonly routes: RouteDesk;
  readonly attached: Set<string>;
  readonly logSubscribers: Map<string, number>;
  readonly isStopping: boolean;
  readonly address: ActorAddress;
  readonly starter: StarterPort;
  /** Spec 4.11: present on a base whose systems can form conventions (TCP, UDP). */
  readonly convention: AdminConvention | undefined;
  /** The route other processes of this system use for `entry` (this admin, for one running on another system). */
  publicRoute(entry: Entry, asker?: string): string | null;
  control(route: string, message: ControlMessage): void;
  sendUser(targetKey: string, message: unknown, sender: ActorAddress | null, neverDrop?: boolean): boolean;
  died(entry: Entry): void;
  deadLetter(targetKey: string, label: string, message: unknown, sender: ActorAddress | null): void;
  /** An envelope held for its key goes where that key leads now (dead-lettered if it cannot). */
  redirect(env: OutboundEnvelope): void;
  reportedDead(targetKey: string, label: string, message: unknown, sender: ActorAddress | null, from: string | undefined): void;
  updateCapability(name: string, value: unknown): void;
  detailedStatus(): Promise<SystemStatus>;
  shutdown(): Promise<void>;
  tellStopped(except?: string): void;
  forwardLog(level: string, message: string, actorAddress?: string, actorClass?: string, fromRemote?: boolean): void;
  dropped(count: number, targetKey: string, actorAddress?: string, actorClass?: string): void;
}

/** What the convention's parts use of the actor starter (actor-starter.ts). */
export interface StarterPort {
  create(req: Extract<AdminRequest, { op: 'create' }>, from: string | undefined, origin?: Entry['origin']): Promise<void>;
  ready(key: string, pid: number): void;
  failed(key: string, error: string, code: string, accepts?: string[]): void;
}

/** What the admin's parts use of its convention desk (convention-desk.ts). */
export interface AdminConvention {
  readonly self: string;
  peers(): { address: string; capabilities: Record<string, unknown> }[] | undefined;
  readonly notices: { add(who: ActorAddress): void; remove(who: ActorAddress): void };
  readonly membership: Pick<MembershipProvider, 'preRegister' | 'deRegister'>;
  readonly placement: {
    declined(entry: Entry, accepts: string[] | undefined): boolean;
    startedHere(entry: Entry): void;
    failedHere(entry: Entry, error: string, code: string): void;
    exitedHere(entry: Entry): void;
  };
}
