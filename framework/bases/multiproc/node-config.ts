import { ActorSystemStartupFailure } from '../../actor/errors.js';
import { IpcTransport, TcpTransport, UdpTransport, type Transport, type TransportHandlers } from '../../transport/index.js';
import { readTlsMaterial, type TlsPaths } from '../../transport/tls-material.js';
import type { ReturnPathPolicy } from '../../transport/duplex.js';

export type TransportKind = 'tcp' | 'udp' | 'ipc';

/** What a child process is told on its command line. */
export interface ChildConfig {
  transport: TransportKind;
  host: string;
  adminRoute: string;
  adminKey: string;
  registry?: string;
  /** Where 'path:Export' specs in start orders may point (allowed-roots.ts); checked here too. */
  allowedRoots: string[];
  /** The system runs TypeScript actors: a spare registers tsx while idle, with this tsconfig (may be ''). */
  typescript?: { tsconfig: string };
  /** Pooled mode: this process hosts many actors (actor-process/host-process.ts). */
  pooled?: boolean;
  /** Issue 13 item 7: the convention's TLS files (paths, read by the child): every TCP link of the system uses TLS. */
  tls?: TlsPaths;
}

/** How a process's links prove themselves: the system secret, the convention key, TLS. */
export interface LinkSecurity {
  secret?: Uint8Array;
  /** TCP, UDP: links proved with this key come from other systems of the convention (link-auth.ts). */
  conventionKey?: Uint8Array;
  /** TCP: listen and connect over TLS. */
  tls?: TlsPaths;
  /** An admin in a convention, TCP (duplex.ts): whom it sends back to over links they opened, and whether it announces itself ('Outbound Only'). */
  duplex?: { returnPaths: ReturnPathPolicy; announce?: boolean; refuseForeign?: string };
}

export function parseChildConfig(raw: string | undefined): ChildConfig {
  try {
    const c = JSON.parse(raw ?? '') as ChildConfig;
    if (!c.transport || !c.adminRoute || !c.adminKey || !Array.isArray(c.allowedRoots)) throw new Error('missing fields');
    return c;
  } catch (err) {
    throw new ActorSystemStartupFailure(`bad child process configuration ${JSON.stringify(raw)}: ${(err as Error).message}`, 'BAD_CHILD_CONFIG');
  }
}

/**
 * A transport of the given kind listening on a port the OS picks. TCP and UDP need the
 * system secret (every link proves it); IPC channels are trusted by construction.
 */
export async function startTransport(
  kind: TransportKind,
  host: string,
  handlers: TransportHandlers,
  ipcName = 'admin',
  port = 0,
  security: LinkSecurity = {},
): Promise<Transport> {
  const { secret, conventionKey } = security;
  if (kind !== 'ipc' && !secret) {
    throw new ActorSystemStartupFailure(`a ${kind} transport of a system needs the system secret (none was handed to this process)`, 'NO_SYSTEM_SECRET');
  }
  if (kind === 'tcp') {
    const tls = security.tls ? readTlsMaterial(security.tls) : undefined;
    return TcpTransport.start(handlers, { host, port, secret: secret!, ...(conventionKey ? { conventionKey } : {}), ...(tls ? { tls } : {}), ...security.duplex });
  }
  if (kind === 'udp') return UdpTransport.start(handlers, { host, port, secret: secret!, ...(conventionKey ? { conventionKey } : {}) });
  return new IpcTransport(handlers, { name: ipcName });
}
