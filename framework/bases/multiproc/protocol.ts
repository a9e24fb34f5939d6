import type { ActorAddress } from '../../actor/address.js';
import type { Capabilities } from '../../actor/context.js';

/**
 * The multi-process bases' control protocol. User messages travel as they are (kind USER);
 * requests to the admin and its answers are plain objects (kinds ADMIN and CONTROL), so
 * they go through the same codec and transports.
 */
export const KIND_USER = 0;
export const KIND_ADMIN = 1;
export const KIND_CONTROL = 2;

/** How another process finds an actor class: by module path and export, or by @Actor name. */
export type WireSpec =
  | { kind: 'path'; file: string; exportName: string }
  | { kind: 'name'; name: string }
  /** 'path/in/pkg.js:Export' inside the loaded source `hash` (spec 6.10). */
  | { kind: 'source'; hash: string; spec: string };

export interface StartOrder {
  key: string;
  label: string;
  spec: WireSpec;
  requirements: unknown;
  globalName: string;
  parentKey: string | null;
  capabilities: Capabilities;
  /** Records below this level are dropped in the actor's process (spec 4.13.1); absent: keep all. */
  logLevel?: number;
  /** For a 'source' spec: the validated package, loaded in the actor's process. */
  source?: { hash: string; zip: Uint8Array };
  /**
   * In a convention: the other systems' capabilities, so a class that declines this system
   * says which of them it would accept (the admin never loads actor code itself).
   */
  peers?: { address: string; capabilities: Capabilities }[];
  /** The prefix of the keys this actor makes (TCP: its admin's route; see homeOf). */
  home?: string;
}

export type AdminRequest =
  | { op: 'attach'; reqId: number; logs?: boolean; logLevel?: number }
  | { op: 'create'; reqId: number; key: string; label: string; spec: WireSpec; requirements: unknown; globalName: string; parentKey: string | null }
  | { op: 'route?'; key: string }
  /** Spec 4.6: who holds `globalName` (answered with a reply whose value is a NameHolder or null). */
  | { op: 'name?'; reqId: number; globalName: string }
  | { op: 'spare'; pid: number }
  | { op: 'ready'; key: string; pid: number }
  /** `accepts`: for a capability refusal in a convention, the peers (StartOrder.peers) the class accepts. */
  | { op: 'start-failed'; key: string; error: string; code: string; accepts?: string[] }
  /** The actor has handled its ActorExitRequest; its process lingers only to dead-letter stragglers. */
  | { op: 'exited'; key: string }
  /** `origin`: who sent the undelivered message (the request's own sender is the reporting process). */
  | { op: 'dead-letter'; targetKey: string; targetLabel: string; message: unknown; origin?: ActorAddress | null }
  | { op: 'dl-handler'; key: string; on: boolean }
  | { op: 'capability'; name: string; value: unknown; reqId: number }
  | { op: 'status'; reqId: number }
  | { op: 'shutdown'; reqId: number }
  | { op: 'log'; level: string; message: string; actorAddress?: string; actorClass?: string }
  | { op: 'poisoned' }
  /** Sends the reporting process dropped over THESPIAN_DROP_TRANSMITS_LEVEL (counted, logged to the starter). */
  | { op: 'dropped'; count: number; targetKey: string; actorAddress?: string; actorClass?: string }
  /** Spec 5.8-5.11 / 6.10: the admin holds the system's sources; `data` goes to the Source Authority. */
  | { op: 'source-load'; reqId: number; data: Uint8Array; info: string }
  | { op: 'source-unload'; reqId: number; hash: string }
  | { op: 'source-authority'; key: string; label: string }
  | { op: 'source-notify'; key: string; label: string; on: boolean }
  /** Spec 5.7: `key` (an actor) hears ActorSystemConventionUpdate for each membership change. */
  | { op: 'convention-notify'; key: string; label: string; on: boolean }
  /** Spec 5.14 / 5.15: `address` is 'host:port' (or an admin's key); unreadable ones are logged and ignored. */
  | { op: 'convention-preregister'; address: string; capabilities: Capabilities; reqId?: number }
  | { op: 'convention-deregister'; address: string; reqId?: number }
  /** Pooled mode: the actor `key`, started in a host process, is an isolated class: start it in a process of its own. */
  | { op: 'isolate'; key: string };

export type ControlMessage =
  /** `home`: the prefix of keys made in this system (TCP: they work from every system of a convention). */
  | { op: 'attached'; reqId: number; adminKey: string; pid: number; capabilities: Capabilities; home?: string }
  | { op: 'created'; reqId: number; key: string; route: string | null; error?: string; code?: string; label?: string }
  | { op: 'route'; key: string; route: string | null }
  /** The route learned for `key` (a global name) is stale: ask the admin again at the next send. */
  | { op: 'forget'; key: string }
  | { op: 'start'; order: StartOrder }
  | { op: 'caps'; capabilities: Capabilities }
  | { op: 'reply'; reqId: number; value: unknown }
  | { op: 'stopped' }
  | { op: 'log-record'; level: string; message: string; time: number; actorAddress?: string; actorClass?: string };

/**
 * Between the admins of a convention (on links proved with the convention key, at
 * REMOTE_TARGET_KEY): placing an actor on another system (spec 4.11.3) and what its home must
 * hear of it, and the records a member forwards to its leader (spec 4.13). Never a control
 * request: a foreign admin cannot start a process or load code except through 'remote-create',
 * which is checked as any creation is (allowed paths, loaded sources).
 */
export type RemoteRequest =
  /** `home`: the admin that made the key (and keeps its route); `tried`: systems that declined. */
  | { op: 'remote-create'; key: string; label: string; spec: WireSpec; requirements: unknown; globalName: string; parentKey: string | null; home: string; tried: string[] }
  /** To the key's home: it runs at `at` (an admin route), or could not start anywhere (`at` null). */
  /** `route`: the actor's own process, for systems that route directly (spec 9.4). */
  | { op: 'remote-created'; key: string; at: string | null; route?: string; error?: string; code?: string }
  /** Spec 9.4 direct routing: where a key made by the receiver runs (its process, or an admin that passes it on). */
  | { op: 'remote-route?'; key: string }
  | { op: 'remote-route'; key: string; route: string | null }
  /** Spec 4.14: a creation here needs a source the asker validated; pulled on demand, never pushed. */
  | { op: 'remote-source?'; hash: string }
  | { op: 'remote-source'; hash: string; zip: Uint8Array | null; info: string }
  | { op: 'remote-exited'; key: string }
  /** To the leader: pass this user message on to the member `to`, which only the leader reaches (detours.ts). */
  | { op: 'remote-via'; to: string; targetKey: string; sender: string | null; label: string; system: boolean; payload: Uint8Array }
  | { op: 'remote-log'; level: string; message: string; time: number; actorAddress?: string; actorClass?: string };

export const REMOTE_TARGET_KEY = 'thespian.convention.remote';

/** The actor holding a global name, as the admin answers 'name?'. */
export interface NameHolder {
  key: string;
  label: string;
  route: string | null;
}

/**
 * Keys made in a TCP system start with their home, the route of the admin that made them:
 * '<admin route>~<key>'. That admin always knows where the actor runs (here, or on another
 * system of its convention), so any system can pass a message for the key on to it.
 */
export const HOME_MARK = '~';

/** The admin route a key names as its home; undefined for a key with none (other bases). */
export function homeOf(key: string): string | undefined {
  // A global name may hold the mark itself ('name:a~b'): the home comes first, before 'name:'.
  if (key.startsWith(NAME_PREFIX)) return undefined;
  const i = key.indexOf(HOME_MARK);
  return i > 0 ? key.slice(0, i) : undefined;
}

const NAME_PREFIX = 'name:';

/** The key of the actor holding `globalName` in the system whose keys start with `home` (spec 4.6: a name is per system). */
export function nameKey(home: string | undefined, globalName: string): string {
  return withHome(home, `${NAME_PREFIX}${globalName}`);
}

/** True for a global name's key (the name outlives its holders: its key is reused). */
export function isNameKey(key: string): boolean {
  if (key.startsWith(NAME_PREFIX)) return true;
  const i = key.indexOf(HOME_MARK);
  return i > 0 && key.startsWith(NAME_PREFIX, i + 1);
}

/** `key` with its home replaced by `home` (or removed: undefined). */
export function withHome(home: string | undefined, key: string): string {
  const local = localPart(key);
  return home ? `${home}${HOME_MARK}${local}` : local;
}

function localPart(key: string): string {
  return homeOf(key) === undefined ? key : key.slice(key.indexOf(HOME_MARK) + 1);
}

/** Keys with '#' name an endpoint inside a process: the part before it (after any home) is the route. */
export function fixedRoute(key: string): string | undefined {
  const local = localPart(key);
  const hash = local.indexOf('#');
  return hash >= 0 ? local.slice(0, hash) : undefined;
}

export const ADMIN_SUFFIX = '#admin';
