import { ActorSystemStartupFailure } from '../../actor/errors.js';
import { IpcTransport, TcpTransport, UdpTransport, type Transport, type TransportHandlers } from '../../transport/index.js';

export type TransportKind = 'tcp' | 'udp' | 'ipc';

/** What a child process is told on its command line. */
export interface ChildConfig {
  transport: TransportKind;
  host: string;
  adminRoute: string;
  adminKey: string;
  registry?: string;
  /** The system runs TypeScript actors: a spare registers tsx while idle, with this tsconfig (may be ''). */
  typescript?: { tsconfig: string };
}

export function parseChildConfig(raw: string | undefined): ChildConfig {
  try {
    const c = JSON.parse(raw ?? '') as ChildConfig;
    if (!c.transport || !c.adminRoute || !c.adminKey) throw new Error('missing fields');
    return c;
  } catch (err) {
    throw new ActorSystemStartupFailure(`bad child process configuration ${JSON.stringify(raw)}: ${(err as Error).message}`, 'BAD_CHILD_CONFIG');
  }
}

/** A transport of the given kind listening on a port the OS picks. */
export async function startTransport(kind: TransportKind, host: string, handlers: TransportHandlers, ipcName = 'admin', port = 0): Promise<Transport> {
  if (kind === 'tcp') return TcpTransport.start(handlers, { host, port });
  if (kind === 'udp') return UdpTransport.start(handlers, { host, port });
  return new IpcTransport(handlers, { name: ipcName });
}
