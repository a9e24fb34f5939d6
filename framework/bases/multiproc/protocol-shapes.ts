import { ActorAddress } from '../../actor/address.js';
import type { AdminRequest, ControlMessage, RemoteRequest } from './protocol.js';
import { opProblem, shapeProblem, type NestedShapes, type Shape } from './shape.js';

/**
 * The shapes of the two multiproc protocols (protocol.ts), checked where frames are
 * dispatched so a malformed request from anyone is logged and dropped instead of throwing
 * inside the admin or an actor's process.
 */
const WIRE_SPEC: Readonly<Record<string, Shape>> = {
  path: { file: 'string', exportName: 'string' },
  name: { name: 'string' },
  source: { hash: 'string', spec: 'string' },
};

const nested: NestedShapes = {
  spec: (v) => opProblem(v === null || typeof v !== 'object' ? v : { ...(v as object), op: (v as { kind?: unknown }).kind }, WIRE_SPEC),
  address: (v) => (v instanceof ActorAddress ? undefined : 'not an ActorAddress'),
  bytes: (v) => (v instanceof Uint8Array ? undefined : 'not a Uint8Array'),
  strings: (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'not a list of strings'),
  peers: (v) => (Array.isArray(v) ? v.map((p) => shapeProblem(p, { address: 'string', capabilities: 'object' })).find((p) => p !== undefined) : 'not a list'),
  source: (v) => shapeProblem(v, { hash: 'string', zip: 'bytes' }, nested),
  order: (v) =>
    shapeProblem(
      v,
      { key: 'string', label: 'string', spec: 'spec', requirements: 'any', globalName: 'string', parentKey: 'string|null', capabilities: 'object', logLevel: 'number?', source: 'source?', peers: 'peers?', home: 'string?' },
      nested,
    ),
};

const ADMIN_REQUESTS: Readonly<Record<AdminRequest['op'], Shape>> = {
  attach: { reqId: 'number', logs: 'boolean?', logLevel: 'number?' },
  create: { reqId: 'number', key: 'string', label: 'string', spec: 'spec', requirements: 'any', globalName: 'string', parentKey: 'string|null' },
  'route?': { key: 'string' },
  spare: { pid: 'number' },
  ready: { key: 'string', pid: 'number' },
  'start-failed': { key: 'string', error: 'string', code: 'string', accepts: 'strings?' },
  'name?': { reqId: 'number', globalName: 'string' },
  exited: { key: 'string' },
  'dead-letter': { targetKey: 'string', targetLabel: 'string', message: 'any', origin: 'address|null?' },
  'dl-handler': { key: 'string', on: 'boolean' },
  capability: { name: 'string', value: 'any', reqId: 'number' },
  status: { reqId: 'number' },
  shutdown: { reqId: 'number' },
  log: { level: 'string', message: 'string', actorAddress: 'string?', actorClass: 'string?' },
  poisoned: {},
  dropped: { count: 'number', targetKey: 'string', actorAddress: 'string?', actorClass: 'string?' },
  'source-load': { reqId: 'number', data: 'bytes', info: 'string' },
  'source-unload': { reqId: 'number', hash: 'string' },
  'source-authority': { key: 'string', label: 'string' },
  'source-notify': { key: 'string', label: 'string', on: 'boolean' },
  'convention-notify': { key: 'string', label: 'string', on: 'boolean' },
  'convention-preregister': { address: 'string', capabilities: 'object', reqId: 'number?' },
  'convention-deregister': { address: 'string', reqId: 'number?' },
  isolate: { key: 'string' },
};

const CONTROL_MESSAGES: Readonly<Record<ControlMessage['op'], Shape>> = {
  attached: { reqId: 'number', adminKey: 'string', pid: 'number', capabilities: 'object', home: 'string?' },
  created: { reqId: 'number', key: 'string', route: 'string|null', error: 'string?', code: 'string?', label: 'string?' },
  forget: { key: 'string' },
  route: { key: 'string', route: 'string|null' },
  start: { order: 'order' },
  caps: { capabilities: 'object' },
  reply: { reqId: 'number', value: 'any' },
  stopped: {},
  'log-record': { level: 'string', message: 'string', time: 'number', actorAddress: 'string?', actorClass: 'string?' },
};

const REMOTE_REQUESTS: Readonly<Record<RemoteRequest['op'], Shape>> = {
  'remote-create': { key: 'string', label: 'string', spec: 'spec', requirements: 'any', globalName: 'string', parentKey: 'string|null', home: 'string', tried: 'strings' },
  'remote-created': { key: 'string', at: 'string|null', route: 'string?', error: 'string?', code: 'string?' },
  'remote-route?': { key: 'string' },
  'remote-route': { key: 'string', route: 'string|null' },
  'remote-source?': { hash: 'string' },
  'remote-source': { hash: 'string', zip: 'bytes|null', info: 'string' },
  'remote-exited': { key: 'string' },
  'remote-via': { to: 'string', targetKey: 'string', sender: 'string|null', label: 'string', system: 'boolean', payload: 'bytes' },
  'remote-log': { level: 'string', message: 'string', time: 'number', actorAddress: 'string?', actorClass: 'string?' },
};

/** Why `value` is not a RemoteRequest (from another system's admin), or undefined when it is one. */
export function remoteRequestProblem(value: unknown): string | undefined {
  return opProblem(value, REMOTE_REQUESTS, nested);
}

/** Why `value` is not an AdminRequest, or undefined when it is one. */
export function adminRequestProblem(value: unknown): string | undefined {
  return opProblem(value, ADMIN_REQUESTS, nested);
}

/** Why `value` is not a ControlMessage, or undefined when it is one. */
export function controlMessageProblem(value: unknown): string | undefined {
  return opProblem(value, CONTROL_MESSAGES, nested);
}
