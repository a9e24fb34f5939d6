import type { ActorAddress } from '../../../actor/address.js';
import type { SystemStatus } from '../../../actor/status-messages.js';
import type { AdminCore } from '../../../system/admin/admin-core.js';
import type { Transport } from '../../../transport/index.js';
import type { ControlMessage } from '../protocol.js';
import type { AdminOptions, Entry, MultiprocCounters } from './admin-entry.js';
import type { ProcessPool } from './process-pool.js';
import type { RouteDesk } from './route-desk.js';
import type { ActorStarter } from './actor-starter.js';
import type { ConventionDesk } from './convention-desk.js';

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
  readonly starter: ActorStarter;
  /** Spec 4.11: present on a base whose systems can form conventions (TCP). */
  readonly convention: ConventionDesk | undefined;
  /** The route other processes of this system use for `entry` (this admin, for one running on another system). */
  publicRoute(entry: Entry, asker?: string): string | null;
  control(route: string, message: ControlMessage): void;
  sendUser(targetKey: string, message: unknown, sender: ActorAddress | null, neverDrop?: boolean): boolean;
  died(entry: Entry): void;
  reportedDead(targetKey: string, label: string, message: unknown, sender: ActorAddress | null, from: string | undefined): void;
  updateCapability(name: string, value: unknown): void;
  detailedStatus(): Promise<SystemStatus>;
  shutdown(): Promise<void>;
  tellStopped(except?: string): void;
  forwardLog(level: string, message: string, actorAddress?: string, actorClass?: string, fromRemote?: boolean): void;
  dropped(count: number, targetKey: string, actorAddress?: string, actorClass?: string): void;
}
