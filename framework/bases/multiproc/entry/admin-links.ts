import { ActorSystemStartupFailure } from '../../../actor/errors.js';
import { WEBSOCKET_PATH, type ConventionConfig } from '../../../convention/convention-config.js';
import type { ReturnPathPolicy } from '../../../transport/duplex.js';
import { JoinedTransport } from '../../../transport/joined-transport.js';
import { readTlsMaterial } from '../../../transport/tls-material.js';
import type { Transport, TransportHandlers } from '../../../transport/transport.js';
import { startTransport, type TransportKind } from '../node-config.js';

export interface AdminLinkOptions {
  kind: TransportKind;
  host: string;
  port: number;
  secret: Uint8Array;
  /** The key other systems' links prove (convention-self.ts conventionLinkKey). */
  linkKey: Uint8Array | undefined;
  convention: ConventionConfig | undefined;
  /** Which announced peers are sent to over their own links: the admin decides (other systems only). */
  returnPaths: ReturnPathPolicy;
}

const OUTBOUND_ONLY_REFUSAL = "this system is 'Outbound Only': other systems do not connect to it, it connects to them (preRegisterRemoteSystem)";

/**
 * An admin's transport: its own (TCP, UDP) and, in a convention that uses WebSocket (a
 * 'Convention WebSocket Port' to serve members on, or a ws(s):// leader), a WebSocket transport
 * beside it, joined into one (joined-transport.ts). A convention admin on TCP sends back over
 * links other systems opened to it when they announced themselves (duplex.ts); an 'Outbound
 * Only' one announces itself on the links it opens and refuses links from other systems.
 */
export async function startAdminLinks(handlers: TransportHandlers, o: AdminLinkOptions, log: (level: string, text: string) => void): Promise<Transport> {
  const c = o.convention;
  if (c?.outboundOnly && o.kind !== 'tcp') {
    throw new ActorSystemStartupFailure(`'Outbound Only' needs multiprocTCPBase: ${o.kind.toUpperCase()} has no connection to send replies back over; start this system on TCP`, 'BAD_CONVENTION_CONFIG');
  }
  const tlsPaths = c?.tls;
  const own = await startTransport(o.kind, o.host, handlers, 'admin', o.port, {
    secret: o.secret,
    ...(o.linkKey ? { conventionKey: o.linkKey } : {}),
    ...(tlsPaths ? { tls: tlsPaths } : {}),
    ...(c ? { duplex: { returnPaths: o.returnPaths, ...(c.outboundOnly ? { announce: true, refuseForeign: OUTBOUND_ONLY_REFUSAL } : {}) } } : {}),
  });
  const dialsWs = c?.leaders.some((l) => l.kind === 'ws') ?? false;
  if (!c || (c.webSocketPort === undefined && !dialsWs)) return own;
  // Loaded only here: most admins never use WebSocket.
  const { WsTransport } = await import('../../../transport/ws-transport.js');
  const tls = tlsPaths ? readTlsMaterial(tlsPaths) : undefined;
  let joined: JoinedTransport | undefined;
  const ws = await WsTransport.start(
    {
      ...handlers,
      // The admin knows another admin by its address, not by the URL it is reached at.
      onUndeliverable: (env, target, error) => handlers.onUndeliverable?.(env, joined?.identityOf(target) ?? target, error),
    },
    {
      host: o.host,
      port: c.webSocketPort ?? 0,
      path: WEBSOCKET_PATH,
      listen: c.webSocketPort !== undefined,
      secret: o.secret,
      ...(o.linkKey ? { conventionKey: o.linkKey } : {}),
      ...(tls ? { tls } : {}),
      // A member that reaches its leader over WebSocket is known by its own admin address.
      ...(dialsWs ? { announceAs: own.address } : {}),
      returnPaths: o.returnPaths,
    },
  );
  if (c.webSocketPort !== undefined) log('info', `serving convention members over WebSocket at ${ws.address}`);
  joined = new JoinedTransport(own, ws);
  return joined;
}
