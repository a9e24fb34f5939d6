import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConventionConfig } from '../../framework/convention/convention-config.js';
import { readTlsMaterial, type TlsPaths } from '../../framework/transport/tls-material.js';
import { makeTestPki, OPENSSL_MISSING, type TestPki } from '../support/test-ca.js';

function refusal(paths: TlsPaths): string {
  try {
    readTlsMaterial(paths);
  } catch (err) {
    expect((err as { code?: string }).code).toBe('BAD_TLS_CONFIG');
    return (err as Error).message;
  }
  throw new Error('expected readTlsMaterial to throw');
}

describe.skipIf(OPENSSL_MISSING)(`9.1 Convention TLS files (issue 13 item 7)${OPENSSL_MISSING ? ` [skipped: ${OPENSSL_MISSING}]` : ''}`, () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => pki?.cleanup());

  it("9.1 Convention TLS paths from convention-config ('Convention TLS Cert/Key/CA') read into the PEM contents a TcpTransport takes", () => {
    const config = readConventionConfig({ 'Convention TLS Cert': pki.paths.peerCert, 'Convention TLS Key': pki.paths.peerKey, 'Convention TLS CA': pki.paths.ca }, {});
    const material = readTlsMaterial(config.tls!);
    expect(material.cert.toString()).toBe(pki.peerCert);
    expect(material.key.toString()).toBe(pki.peerKey);
    expect(material.ca?.toString()).toBe(pki.ca);
    expect(readTlsMaterial({ cert: pki.paths.peerCert, key: pki.paths.peerKey }).ca).toBeUndefined();
  });

  it('9.1 Convention TLS an unreadable file, a file without PEM, or a key that is not the certificate’s fails naming the file and the setting', () => {
    const missing = join(pki.dir, 'nope.pem');
    expect(refusal({ cert: pki.paths.peerCert, key: missing })).toMatch(
      new RegExp(`cannot read the TLS key file ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(ENOENT\\); give a readable PEM file in 'Convention TLS Key' \\(THESPIAN_CONVENTION_TLS_KEY\\)`),
    );
    const junk = join(pki.dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    expect(refusal({ cert: pki.paths.peerCert, key: pki.paths.peerKey, ca: junk })).toMatch(/the TLS CA file .*junk\.pem holds no PEM block; .*'Convention TLS CA'/);
    // The client's key with the peer's certificate: OpenSSL's refusal, with both files named.
    expect(refusal({ cert: pki.paths.peerCert, key: pki.paths.clientKey })).toMatch(/TLS cannot use certificate .*peer\.pem, key .*client\.key: key values mismatch/);
  });
});
