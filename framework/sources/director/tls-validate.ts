import { readSourcePackage, type SourcePackage } from '../package-format.js';
import { decodeTls, type TlsHeader } from './tls-format.js';
import { verifySignature } from './tls-signing.js';

export type TlsVerdict =
  | { ok: true; header: TlsHeader; zip: Uint8Array; pkg: SourcePackage; keyFile: string }
  | { ok: false; reason: string; header?: TlsHeader };

/**
 * What the Director's Source Authority and `tlsinfo` both decide: the layout, then the
 * signature against the keys in `keyDir` as they are now, then the package itself (its
 * manifest must match every entry). Never throws; the reason says which check failed.
 */
export function validateTls(bytes: Uint8Array, keyDir: string): TlsVerdict {
  let parts;
  try {
    parts = decodeTls(bytes);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const v = verifySignature(keyDir, parts.header.algorithm, parts.signed, parts.signature);
  if (!v.ok) return { ok: false, reason: v.reason, header: parts.header };
  let pkg: SourcePackage;
  try {
    pkg = readSourcePackage(parts.zip);
  } catch (err) {
    // Signed, yet inconsistent: the signer's own tooling built a bad package.
    return { ok: false, reason: `signed by ${v.keyFile} but the package is invalid: ${(err as Error).message}`, header: parts.header };
  }
  return { ok: true, header: parts.header, zip: parts.zip, pkg, keyFile: v.keyFile };
}
