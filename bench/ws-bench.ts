import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { TcpTransport } from '../framework/transport/tcp-transport.js';
import type { Transport, TransportHandlers } from '../framework/transport/transport.js';
import { WsTransport } from '../framework/transport/ws-transport.js';
import { makeTestPki, OPENSSL_MISSING, type TestPki } from '../test/support/test-ca.js';
import { compareLinks, printResults } from './link-compare.js';
import type { BenchResult } from './transport-bench.js';

/**
 * What a WebSocket link costs next to TCP (issue 13 item 8 and its bench line: "the cost of
 * the key and of TLS"): the same frames, handshake and acks, both with a convention key, in one
 * run, alternating so drift hits all alike; wss (mutual TLS) next to ws. Ratios against TCP.
 */
type Kind = 'tcp' | 'ws' | 'wss';
const secret = randomBytes(32);

function start(pki: TestPki | undefined, kind: Kind, handlers: TransportHandlers): Promise<Transport> {
  if (kind === 'tcp') return TcpTransport.start(handlers, { secret });
  if (kind === 'ws') return WsTransport.start(handlers, { secret });
  return WsTransport.start(handlers, { secret, tls: { cert: pki!.serverCert, key: pki!.serverKey, ca: pki!.ca } });
}

export async function runWsBench(): Promise<BenchResult[]> {
  const pki = OPENSSL_MISSING ? undefined : makeTestPki();
  try {
    const kinds: Kind[] = pki ? ['tcp', 'ws', 'wss'] : ['tcp', 'ws'];
    return await compareLinks({ kinds, baseline: 'tcp', note: 'keyed', start: (kind, handlers) => start(pki, kind, handlers) });
  } finally {
    pki?.cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printResults(await runWsBench());
