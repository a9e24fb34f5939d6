import net from 'node:net';
import tls from 'node:tls';
import { checkTlsMaterial, type TlsMaterial } from './tls-material.js';
import { TransportError } from './transport-errors.js';
import type { TransportLog } from './transport.js';

/**
 * The sockets under a TCP transport: node:net, or node:tls when it has certificates (issue 13
 * item 7). Either way the caller gets a socket whose bytes are the link's (the link-auth
 * handshake, frames, acks), so everything above runs unchanged inside TLS.
 *
 * Trust: peers are addressed by IP ('host:port' from a convention address or an actor address),
 * and certificates seldom carry every member's IP. So with a CA, a certificate the CA signed
 * is the whole identity check (`checkServerIdentity` accepts any name): the CA is the
 * convention's own, and signing a certificate with it is what admits a host. Without a CA the
 * link is encrypted but the peer's certificate is not checked: that stops eavesdroppers, not an
 * active man in the middle; the link-auth handshake still proves both ends hold the key, but it
 * is not bound to the TLS session, so give a CA wherever the network itself is not trusted.
 */

/** A TLS listener's open TCP connections, whether or not their TLS handshake is done. */
const handshaking = new WeakMap<net.Server, Set<net.Socket>>();
/** Listeners whose transport is closing: connections cut then are ours to cut, not news. */
const closing = new WeakSet<net.Server>();

/**
 * A listener handing `onSocket` each connection ready for the link handshake: at once for
 * plain TCP; for TLS once the handshake is done and, with a CA, the peer's certificate checked.
 * Each refused TLS connection is closed and logged once, naming the peer and why.
 */
export function createStreamServer(tlsMaterial: TlsMaterial | undefined, handshakeTimeoutMs: number, log: TransportLog, onSocket: (socket: net.Socket) => void): net.Server {
  if (!tlsMaterial) return net.createServer(onSocket);
  // Checked (a clear error at start) and made now: the first link out does not pay for it.
  clientContext(tlsMaterial);
  const { cert, key, ca } = tlsMaterial;
  // rejectUnauthorized stays off so the check below can log the peer it refuses: Node's own
  // check destroys the socket first, and its address with it.
  const server = tls.createServer({ cert, key, ...(ca ? { ca, requestCert: true, rejectUnauthorized: false } : {}), handshakeTimeout: handshakeTimeoutMs });
  const pending = new Set<net.Socket>();
  handshaking.set(server, pending);
  server.on('connection', (raw: net.Socket) => {
    pending.add(raw);
    raw.once('close', () => pending.delete(raw));
  });
  server.on('secureConnection', (socket: tls.TLSSocket) => {
    if (ca && !socket.authorized) {
      log('warning', `refused a TLS connection from ${socket.remoteAddress}:${socket.remotePort}: ${describeTlsFailure(socket.authorizationError)} (give it a certificate signed by this system's 'Convention TLS CA')`);
      return void socket.destroy();
    }
    onSocket(socket);
  });
  server.on('tlsClientError', (err: Error, socket: tls.TLSSocket) => {
    // A peer that hung up is gone before its address could be read (Node keeps the raw
    // socket private); the peer itself logs why, naming us.
    const peer = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : 'a peer';
    // Node reports a handshake timeout here but leaves the connection open.
    socket.destroy();
    if (!closing.has(server)) log('warning', `refused a TLS connection from ${peer}: ${describeTlsFailure(err)}`);
  });
  return server;
}

/**
 * A closing TLS listener's close() waits for connections still in their TLS handshake, which
 * the transport does not know of: cut every connection after `ms` (the transport ends its
 * authenticated links first and cuts them after the same delay).
 */
export function cutHandshaking(server: net.Server, ms: number): void {
  closing.add(server);
  for (const raw of handshaking.get(server) ?? []) setTimeout(() => raw.destroy(), ms).unref();
}

export interface DialedSocket {
  socket: net.Socket;
  /**
   * Why the link died, in TLS terms when TLS was the cause (code AUTH_FAILED: the peer could
   * not be authenticated); otherwise `err` as it is. `linkOpen`: the link handshake finished.
   */
  explain(err: Error | undefined, linkOpen: boolean): Error | undefined;
}

/**
 * Connects to `target`. Writes before the TLS handshake ends wait inside the TLS socket, so
 * the link may start its own handshake on 'connect', as on plain TCP.
 */
export function dialStream(target: string, host: string, port: number, tlsMaterial: TlsMaterial | undefined): DialedSocket {
  if (!tlsMaterial) return { socket: net.connect({ host, port }), explain: (err) => err };
  const verify = tlsMaterial.ca ? { checkServerIdentity: () => undefined } : { rejectUnauthorized: false };
  const socket = tls.connect({ host, port, secureContext: clientContext(tlsMaterial), ...verify });
  let tcpUp = false;
  let secured = false;
  socket.once('connect', () => (tcpUp = true));
  socket.once('secureConnect', () => (secured = true));
  const failed = (why: string): TransportError => new TransportError(`TLS with ${target} failed: ${why}`, 'AUTH_FAILED');
  return {
    socket,
    explain(err, linkOpen) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      // Hung up, not refused with a reason: the peer is not TLS, or dropped us (its log says).
      if (tcpUp && !linkOpen && (!err || code === 'ECONNRESET' || code === 'EPIPE')) {
        return failed(
          secured
            ? 'the peer closed the connection before the link handshake: did it refuse our certificate? (its log says)'
            : 'the peer closed the connection during the TLS handshake: is it listening without TLS, or refusing connections? (its log says)',
        );
      }
      if (err && ((tcpUp && !secured) || isTlsError(err))) return failed(describeTlsFailure(err));
      return err;
    },
  };
}

/** One context per material: parsing the PEMs again for every link would cost each connect. */
const contexts = new WeakMap<TlsMaterial, tls.SecureContext>();

function clientContext(material: TlsMaterial): tls.SecureContext {
  let context = contexts.get(material);
  if (!context) contexts.set(material, (context = checkTlsMaterial(material)));
  return context;
}

function isTlsError(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || (err as { library?: string }).library === 'SSL routines';
}

const VERIFY_HINTS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is not signed by our CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is not signed by our CA',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a CA that is not ours',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it presented a self-signed certificate, not one our CA signed',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: 'it presented no certificate (mutual TLS needs one signed by our CA)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'it does not speak TLS (a system without TLS settings?)',
  ERR_SSL_HTTP_REQUEST: 'it sent plain HTTP, not TLS',
  ERR_TLS_HANDSHAKE_TIMEOUT: 'no TLS handshake in time',
  ECONNRESET: 'it hung up during the TLS handshake (does it trust our certificate?)',
};

/** One line for a log or an error: what OpenSSL said, and what it means here. */
export function describeTlsFailure(err: Error | string | null | undefined): string {
  if (!err) return 'no reason given';
  if (typeof err === 'string') return `${VERIFY_HINTS[err] ?? 'certificate refused'} (${err})`;
  const code = (err as NodeJS.ErrnoException).code;
  // OpenSSL's message carries its source file and line; its `reason` is the readable part.
  const said = (err as { reason?: string }).reason ?? err.message.split('\n')[0];
  const hint = code ? (VERIFY_HINTS[code] ?? (code.includes('_ALERT_') ? 'the peer refused the TLS session' : undefined)) : undefined;
  return hint ? `${hint} (${code}: ${said})` : `${said}${code ? ` (${code})` : ''}`;
}
