import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { TcpTransport } from '../framework/transport/tcp-transport.js';
import type { Transport, TransportHandlers } from '../framework/transport/transport.js';
import { makeTestPki, OPENSSL_MISSING } from '../test/support/test-ca.js';
import { compareLinks, printResults } from './link-compare.js';
import type { BenchResult } from './transport-bench.js';

/**
 * What TLS costs the TCP transport (issue 13 item 7 and its bench line: "the cost of the key
 * and of TLS"): plain TCP, TLS with a CA (mutual, what a convention across hosts should use)
 * and TLS without one (encryption only), all with the system secret, in one run. Ratios
 * against plain TCP.
 */
type Kind = 'tcp' | 'tls' | 'tls-no-ca';
const secret = randomBytes(32);

export async function runTlsBench(): Promise<BenchResult[]> {
  if (OPENSSL_MISSING) return [{ name: `skipped: ${OPENSSL_MISSING}`, value: 0, unit: '' }];
  const pki = makeTestPki();
  const start = (kind: Kind, handlers: TransportHandlers): Promise<Transport> => {
    if (kind === 'tcp') return TcpTransport.start(handlers, { secret });
    const ca = kind === 'tls' ? { ca: pki.ca } : {};
    return TcpTransport.start(handlers, { secret, tls: { cert: pki.peerCert, key: pki.peerKey, ...ca } });
  };
  try {
    return await compareLinks<Kind>({ kinds: ['tcp', 'tls', 'tls-no-ca'], baseline: 'tcp', note: 'keyed', start });
  } finally {
    pki.cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printResults(await runTlsBench());
