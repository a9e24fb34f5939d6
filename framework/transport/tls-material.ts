import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { TransportError } from './transport-errors.js';

/**
 * PEM contents for a TLS listener and its links (issue 13 item 7). With `ca`, TLS is mutual:
 * each side presents `cert` and accepts only a peer certificate `ca` signed. Without it the
 * link is encrypted but the peer's certificate is not checked (see tls-socket.ts).
 */
export interface TlsMaterial {
  cert: string | Buffer;
  key: string | Buffer;
  ca?: string | Buffer;
}

/** Where the PEM files are: convention-config.ts's `tls` has this shape. */
export interface TlsPaths {
  cert: string;
  key: string;
  ca?: string;
}

function fail(what: string, fix: string): never {
  throw new TransportError(`${what}; ${fix}`, 'BAD_TLS_CONFIG');
}

function readPem(path: string, what: string, setting: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (err) {
    return fail(`cannot read the TLS ${what} file ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, `give a readable PEM file in ${setting}`);
  }
  if (!pem.includes('-----BEGIN ')) fail(`the TLS ${what} file ${path} holds no PEM block`, `give a PEM file (text starting '-----BEGIN') in ${setting}`);
  return pem;
}

/**
 * Reads the three files once, at start, and checks they make a usable TLS context, so a wrong
 * path or a key that does not match its certificate fails the start naming the file, rather
 * than every later connection failing with an OpenSSL code.
 */
export function readTlsMaterial(paths: TlsPaths): TlsMaterial {
  const cert = readPem(paths.cert, 'certificate', "'Convention TLS Cert' (THESPIAN_CONVENTION_TLS_CERT)");
  const key = readPem(paths.key, 'key', "'Convention TLS Key' (THESPIAN_CONVENTION_TLS_KEY)");
  const ca = paths.ca === undefined ? undefined : readPem(paths.ca, 'CA', "'Convention TLS CA' (THESPIAN_CONVENTION_TLS_CA)");
  const material: TlsMaterial = ca ? { cert, key, ca } : { cert, key };
  checkTlsMaterial(material, paths);
  return material;
}

/** The context `material` makes, or a BAD_TLS_CONFIG error naming what OpenSSL refused (the files, when known). */
export function checkTlsMaterial(material: TlsMaterial, paths?: TlsPaths): tls.SecureContext {
  try {
    return tls.createSecureContext(material);
  } catch (err) {
    const where = paths ? `certificate ${paths.cert}, key ${paths.key}${paths.ca ? `, CA ${paths.ca}` : ''}` : 'the certificate, key and CA given';
    const reason = (err as { reason?: string }).reason ?? (err as Error).message;
    return fail(`TLS cannot use ${where}: ${reason}`, 'give a PEM certificate, the private key it was made with, and (for mutual TLS) the PEM certificate of the CA that signed the peers');
  }
}
