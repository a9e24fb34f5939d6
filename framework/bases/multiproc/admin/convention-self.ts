import { createHash } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { ActorSystemStartupFailure } from '../../../actor/errors.js';
import { readConventionConfig, type ConventionConfig } from '../../../convention/convention-config.js';
import type { Capabilities } from '../../../actor/context.js';
import { parseHostPort } from '../../../transport/inbound.js';

const LOOPBACK_NAMES = new Set(['', 'localhost', '127.0.0.1', '::1', '0.0.0.0']);

/** Addresses of this host's interfaces (a leader listed by one of them is this system). */
function localHosts(): Set<string> {
  const out = new Set(LOOPBACK_NAMES);
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) out.add(i.address);
  return out;
}

/**
 * True when the convention address `listed` names the admin at `self` ('host:port'): the same
 * text, or the same port on a name of this host ('localhost', '', one of its interfaces), as
 * Thespian's tests list a leader ('localhost:1900' for an admin on 127.0.0.1:1900).
 */
export function sameAdmin(listed: string, self: string): boolean {
  if (listed === self) return true;
  try {
    const a = parseHostPort(listed);
    const b = parseHostPort(self);
    if (a.port !== b.port) return false;
    const here = localHosts();
    return here.has(a.host) && here.has(b.host);
  } catch {
    return false;
  }
}

/** A listed leader as the others know it: 'localhost' and '' mean this host's loopback. */
export function canonicalAdmin(listed: string): string {
  try {
    const { host, port } = parseHostPort(listed);
    return host === 'localhost' || host === '' ? `127.0.0.1:${port}` : listed;
  } catch {
    return listed;
  }
}

/** True when every listed leader is on loopback (a keyless convention is allowed only there). */
export function allLoopback(hosts: readonly string[]): boolean {
  return hosts.every((h) => h === '' || h === 'localhost' || h === '::1' || h.startsWith('127.'));
}

/**
 * The key an admin's links accept from other systems. With no 'Convention Key' a convention is
 * open, as Thespian's are: any process that reaches the port can join, so that is allowed only
 * on loopback; such a key is public and proves nothing beyond "speaks thespian-ts".
 */
const OPEN_CONVENTION_KEY = createHash('sha256').update('thespian-ts open convention on loopback').digest();

export function conventionLinkKey(config: ConventionConfig, listenHost: string): Uint8Array | undefined {
  if (config.key) return config.key;
  const hosts = [listenHost, ...config.leaders.map((l) => l.host)];
  if (allLoopback(hosts)) return OPEN_CONVENTION_KEY;
  if (config.leaders.length === 0) return undefined; // not in a convention and not on loopback: no system may join
  throw new ActorSystemStartupFailure(
    `a convention across hosts (${config.leaders.map((l) => l.text).join(', ')}, this admin on ${listenHost}) needs a 'Convention Key': without one anyone who reaches the port could join and send to its actors`,
    'BAD_CONVENTION_CONFIG',
  );
}

/**
 * Whether actor processes take links from other systems (direct routing, spec 9.4): only in a
 * convention this system is configured for (a leader listed, or a key given), and not with
 * 'Admin Routing'. A system that is only invited keeps its actors behind its admin, which
 * refuses other systems' messages until it is in a convention.
 */
export function processLinkKey(config: ConventionConfig | undefined, linkKey: Uint8Array | undefined): boolean {
  return linkKey !== undefined && config !== undefined && !config.adminRouting && (config.leaders.length > 0 || config.key !== undefined);
}

function badConfig(what: string): never {
  throw new ActorSystemStartupFailure(what, 'BAD_CONVENTION_CONFIG');
}

/**
 * A system's convention settings, checked where it starts (the starter, then its admin) so a
 * setting that cannot work fails the start saying how to fix it, instead of a lone system.
 */
export function checkedConventionConfig(capabilities: Capabilities, listenHost: string, env: NodeJS.ProcessEnv = process.env): ConventionConfig {
  const config = readConventionConfig(capabilities, env);
  // A member that reaches its leaders over WebSocket is never dialed: it may listen on loopback (behind NAT).
  const dialedLeaders = config.leaders.filter((l) => l.kind === 'tcp').map((l) => l.host);
  if (!allLoopback(dialedLeaders) && allLoopback([listenHost])) {
    badConfig(
      `this system listens on ${listenHost}, which the convention's other hosts (${config.leaders.map((l) => l.text).join(', ')}) cannot reach; set THESPIAN_BASE_IPADDR to this host's address on that network`,
    );
  }
  conventionLinkKey(config, listenHost); // throws for a keyless convention across hosts
  return config;
}
