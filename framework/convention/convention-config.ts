import { statSync } from 'node:fs';
import type { Capabilities } from '../actor/context.js';
import { ActorSystemStartupFailure } from '../actor/errors.js';

/** Spec 9.1 capability names a convention reads (Thespian's spelling). */
export const CONVENTION_ADDRESS_CAPABILITY = 'Convention Address.IPv4';
export const ADMIN_ROUTING_CAPABILITY = 'Admin Routing';
export const OUTBOUND_ONLY_CAPABILITY = 'Outbound Only';
/** Beyond Thespian (issue 13 item 7): the shared secret of a convention's links. */
export const CONVENTION_KEY_CAPABILITY = 'Convention Key';
/** Beyond Thespian (issue 13 item 8): a leader also serves members over WebSocket on this port (path WEBSOCKET_PATH). */
export const CONVENTION_WEBSOCKET_PORT_CAPABILITY = 'Convention WebSocket Port';
export const WEBSOCKET_PATH = '/thespian';
export const CONVENTION_TLS_CAPABILITIES = { cert: 'Convention TLS Cert', key: 'Convention TLS Key', ca: 'Convention TLS CA' } as const;

/** Thespian's CONVENTION_REREGISTRATION_PERIOD (7 min 22 s) and CONVENTION_REGISTRATION_MISS_MAX. */
export const DEFAULT_REREGISTRATION_MS = 442_000;
export const DEFAULT_MISS_MAX = 3;
/** Thespian's Admin Port default, used when a convention address names no port. */
export const DEFAULT_CONVENTION_PORT = 1900;
/** A key shorter than this is guessable; HMAC itself would take anything. */
export const MIN_CONVENTION_KEY_BYTES = 16;

/** One listed leader. `text` is its identity in the convention: 'host:port' or the ws URL. */
export type ConventionEndpoint =
  | { kind: 'tcp'; text: string; host: string; port: number }
  | { kind: 'ws'; text: string; host: string; port: number; path: string; secure: boolean };

export interface ConventionTls {
  cert: string;
  key: string;
  /** With a CA both sides must present a certificate it signed (mutual TLS). */
  ca?: string;
}

export interface ConventionConfig {
  /** Leaders in listed order (the live leader is the first one present); empty: no convention. */
  leaders: ConventionEndpoint[];
  adminRouting: boolean;
  outboundOnly: boolean;
  /** Serve members over WebSocket on this port ('Convention WebSocket Port'). */
  webSocketPort?: number;
  key?: Uint8Array;
  tls?: ConventionTls;
  reregistrationMs: number;
  missMax: number;
}

function fail(what: string, fix: string): never {
  throw new ActorSystemStartupFailure(`${what}; ${fix}`, 'BAD_CONVENTION_CONFIG');
}

function parsePort(raw: string, where: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) fail(`${where}: port '${raw}' is not 1-65535`, "give 'host:port', e.g. '10.0.0.1:1900'");
  return port;
}

function parseWs(text: string, where: string): ConventionEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`${where}: '${text}' is not a URL`, "give 'ws://host:port/path' or 'wss://host:port/path'");
  }
  const secure = url.protocol === 'wss:';
  const port = url.port === '' ? (secure ? 443 : 80) : parsePort(url.port, where);
  if (url.hostname === '') fail(`${where}: '${text}' names no host`, "give 'ws://host:port/path'");
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const path = url.pathname || '/';
  return { kind: 'ws', text: `${url.protocol}//${url.host}${path}`, host, port, path, secure };
}

/** Thespian's (host, port) tuple; ['a:1', 42] is a list with a bad entry, not a tuple. */
function isHostPortTuple(value: unknown): value is [string, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && !value[0].includes(':') && typeof value[1] === 'number';
}

/** One 'Convention Address.IPv4' entry: 'host:port', 'host' (port 1900), ['host', port], or a ws(s) URL. */
export function parseConventionEndpoint(value: unknown, where = CONVENTION_ADDRESS_CAPABILITY): ConventionEndpoint {
  if (isHostPortTuple(value)) {
    // Thespian's ('', port): this host.
    return parseConventionEndpoint(`${value[0] || 'localhost'}:${value[1]}`, where);
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return fail(`${where}: ${JSON.stringify(value) ?? String(value)} is not an address`, "give 'host:port', a list of them, or 'ws://host:port/path'");
  }
  const text = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    if (!/^wss?:\/\//i.test(text)) fail(`${where}: '${text}' uses an unsupported scheme`, "only ws:// and wss:// URLs, or a plain 'host:port'");
    return parseWs(text, where);
  }
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  let host: string;
  let portText: string | undefined;
  if (bracketed) [, host = '', portText] = bracketed;
  else if ((text.match(/:/g) ?? []).length > 1) fail(`${where}: '${text}' is ambiguous`, "put an IPv6 host in brackets: '[::1]:1900'");
  else [host = '', portText] = text.split(':');
  if (host === '') fail(`${where}: '${text}' names no host`, "give 'host:port'");
  const port = portText === undefined ? DEFAULT_CONVENTION_PORT : parsePort(portText, where);
  return { kind: 'tcp', text: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`, host, port };
}

function readLeaders(value: unknown): ConventionEndpoint[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) && !isHostPortTuple(value) ? value : [value];
  const leaders = list.map((v, i) => parseConventionEndpoint(v, list.length > 1 ? `${CONVENTION_ADDRESS_CAPABILITY}[${i}]` : CONVENTION_ADDRESS_CAPABILITY));
  const seen = new Set<string>();
  for (const l of leaders) {
    if (seen.has(l.text)) fail(`${CONVENTION_ADDRESS_CAPABILITY} lists ${l.text} twice`, 'list each leader once, in priority order');
    seen.add(l.text);
  }
  return leaders;
}

function readFlag(caps: Capabilities, name: string): boolean {
  const v = caps[name];
  if (v === undefined || v === null || v === false || v === 0) return false;
  if (v === true || v === 1) return true;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(s)) return true;
    if (['false', 'no', '0', 'off', ''].includes(s)) return false;
  }
  return fail(`capability '${name}' is ${JSON.stringify(v)}`, 'give true or false');
}

function readKey(caps: Capabilities, env: NodeJS.ProcessEnv): Uint8Array | undefined {
  const fromCaps = caps[CONVENTION_KEY_CAPABILITY];
  const where = fromCaps !== undefined ? `capability '${CONVENTION_KEY_CAPABILITY}'` : 'THESPIAN_CONVENTION_KEY';
  const raw = fromCaps !== undefined ? fromCaps : env.THESPIAN_CONVENTION_KEY;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const key = raw instanceof Uint8Array ? raw : typeof raw === 'string' ? new TextEncoder().encode(raw) : undefined;
  if (!key) return fail(`${where} is a ${typeof raw}`, 'give a string or bytes');
  if (key.byteLength < MIN_CONVENTION_KEY_BYTES) {
    fail(`${where} is ${key.byteLength} bytes`, `use at least ${MIN_CONVENTION_KEY_BYTES} (e.g. \`openssl rand -hex 32\`), the same on every system of the convention`);
  }
  return key;
}

function readPath(caps: Capabilities, env: NodeJS.ProcessEnv, cap: string, envName: string): string | undefined {
  const raw = caps[cap] ?? env[envName];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const where = caps[cap] !== undefined ? `capability '${cap}'` : envName;
  if (typeof raw !== 'string') return fail(`${where} is ${JSON.stringify(raw)}`, 'give the path of a PEM file');
  try {
    if (!statSync(raw).isFile()) fail(`${where}: ${raw} is not a file`, 'give the path of a PEM file');
  } catch (err) {
    if (err instanceof ActorSystemStartupFailure) throw err;
    fail(`${where}: cannot read ${raw} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'give the path of a readable PEM file');
  }
  return raw;
}

function readTls(caps: Capabilities, env: NodeJS.ProcessEnv): ConventionTls | undefined {
  const c = CONVENTION_TLS_CAPABILITIES;
  const cert = readPath(caps, env, c.cert, 'THESPIAN_CONVENTION_TLS_CERT');
  const key = readPath(caps, env, c.key, 'THESPIAN_CONVENTION_TLS_KEY');
  const ca = readPath(caps, env, c.ca, 'THESPIAN_CONVENTION_TLS_CA');
  if (!cert && !key && !ca) return undefined;
  if (!cert || !key) fail(`convention TLS needs both '${c.cert}' and '${c.key}' (got only ${cert ? 'the certificate' : key ? 'the key' : 'a CA'})`, 'give both paths, or neither');
  return ca ? { cert, key, ca } : { cert, key };
}

function readPositive(env: NodeJS.ProcessEnv, name: string, fallback: number, example: string): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`${name}=${JSON.stringify(raw)} is not a positive integer`, `unset it or give e.g. ${example}`);
  return n;
}

/**
 * A system's convention settings from its capabilities and environment, checked once at start
 * so a typo fails the start with the name of what is wrong instead of a silent lone system.
 */
export function readConventionConfig(capabilities: Capabilities, env: NodeJS.ProcessEnv = process.env): ConventionConfig {
  const outboundOnly = readFlag(capabilities, OUTBOUND_ONLY_CAPABILITY);
  const leaders = readLeaders(capabilities[CONVENTION_ADDRESS_CAPABILITY]);
  const config: ConventionConfig = {
    leaders,
    // Spec 9.4: Outbound Only implies Admin Routing (replies must go back over inbound links).
    // So does a leader reached over WebSocket: only the admins' links cross that path.
    adminRouting: outboundOnly || leaders.some((l) => l.kind === 'ws') || readFlag(capabilities, ADMIN_ROUTING_CAPABILITY),
    outboundOnly,
    reregistrationMs: readPositive(env, 'THESPIAN_CONVENTION_REREGISTRATION_MS', DEFAULT_REREGISTRATION_MS, '2000'),
    missMax: readPositive(env, 'THESPIAN_CONVENTION_MISS_MAX', DEFAULT_MISS_MAX, '3'),
  };
  const key = readKey(capabilities, env);
  if (key) config.key = key;
  const tls = readTls(capabilities, env);
  if (tls) config.tls = tls;
  const wsPort = capabilities[CONVENTION_WEBSOCKET_PORT_CAPABILITY];
  if (wsPort !== undefined && wsPort !== null && wsPort !== '') {
    const port = Number(wsPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`capability '${CONVENTION_WEBSOCKET_PORT_CAPABILITY}' is ${JSON.stringify(wsPort)}`, 'give a port number (0: the OS picks)');
    config.webSocketPort = port;
  }
  return config;
}
