import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  ca: string;
  /** A certificate for 127.0.0.1 / localhost and its key, signed by `ca`. */
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /**
   * Signed by `ca` for either direction, and naming no host or IP (CN=peer): a TCP transport
   * both listens and dials with one certificate, and names are not what TLS checks there.
   */
  peerCert: string;
  peerKey: string;
  /** Signed by another CA: what a stranger would present. */
  strangerCert: string;
  strangerKey: string;
  /** The other CA (a system that trusts only it refuses our certificates). */
  otherCa: string;
  paths: Record<'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey' | 'peerCert' | 'peerKey', string>;
  cleanup(): void;
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const OPENSSL_MISSING = hasOpenssl() ? undefined : 'openssl is not installed';

/** A self-signed CA and certificates made with `openssl` in a temporary directory. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'thespian-pki-'));
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string): void => {
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.pem`);
  };
  const leaf = (name: string, caName: string, ext: string): void => {
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    writeFileSync(join(dir, `${name}.ext`), ext);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', `${caName}.pem`, '-CAkey', `${caName}.key`, '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
  };
  ca('ca');
  ca('other-ca');
  // An admin both accepts and dials: its certificate serves either way.
  leaf('server', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  leaf('client', 'ca', 'extendedKeyUsage=clientAuth\n');
  leaf('peer', 'ca', 'extendedKeyUsage=serverAuth,clientAuth\n');
  leaf('stranger', 'other-ca', 'extendedKeyUsage=clientAuth,serverAuth\nsubjectAltName=IP:127.0.0.1\n');
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  return {
    dir,
    ca: read('ca.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server.key'),
    clientCert: read('client.pem'),
    clientKey: read('client.key'),
    strangerCert: read('stranger.pem'),
    strangerKey: read('stranger.key'),
    peerCert: read('peer.pem'),
    peerKey: read('peer.key'),
    otherCa: read('other-ca.pem'),
    paths: {
      ca: join(dir, 'ca.pem'),
      serverCert: join(dir, 'server.pem'),
      serverKey: join(dir, 'server.key'),
      clientCert: join(dir, 'client.pem'),
      clientKey: join(dir, 'client.key'),
      peerCert: join(dir, 'peer.pem'),
      peerKey: join(dir, 'peer.key'),
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
