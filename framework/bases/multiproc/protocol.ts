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
}

export type AdminRequest =
  | { op: 'attach'; reqId: number; logs?: boolean; logLevel?: number }
  | { op: 'create'; reqId: number; key: string; label: string; spec: WireSpec; requirements: unknown; globalName: string; parentKey: string | null }
  | { op: 'route?'; key: string }
  /** Spec 4.6: who holds `globalName` (answered with a reply whose value is a NameHolder or null). */
  | { op: 'name?'; reqId: number; globalName: string }
  | { op: 'spare'; pid: number }
  | { op: 'ready'; key: string; pid: number }
  | { op: 'start-failed'; key: string; error: string; code: string }
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
  /** Pooled mode: the actor `key`, started in a host process, is an isolated class: start it in a process of its own. */
  | { op: 'isolate'; key: string };

export type ControlMessage =
  | { op: 'attached'; reqId: number; adminKey: string; pid: number; capabilities: Capabilities }
  | { op: 'created'; reqId: number; key: string; route: string | null; error?: string; code?: string; label?: string }
  | { op: 'route'; key: string; route: string | null }
  /** The route learned for `key` (a global name) is stale: ask the admin again at the next send. */
  | { op: 'forget'; key: string }
  | { op: 'start'; order: StartOrder }
  | { op: 'caps'; capabilities: Capabilities }
  | { op: 'reply'; reqId: number; value: unknown }
  | { op: 'stopped' }
  | { op: 'log-record'; level: string; message: string; time: number; actorAddress?: string; actorClass?: string };

/** The actor holding a global name, as the admin answers 'name?'. */
export interface NameHolder {
  key: string;
  label: string;
  route: string | null;
}

/** Keys with '#' name an endpoint inside a process: the part before it is the route. */
export function fixedRoute(key: string): string | undefined {
  const hash = key.indexOf('#');
  return hash >= 0 ? key.slice(0, hash) : undefined;
}

export const ADMIN_SUFFIX = '#admin';
