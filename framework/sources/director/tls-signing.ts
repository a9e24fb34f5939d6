import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Public keys the Source Authority trusts (director.md 2.2): every `*_tls.key` in the director dir. */
export const PUBLIC_KEY_SUFFIX = '_tls.key';

export interface Signer {
  algorithm: string;
  keyId: string;
  sign(data: Uint8Array): Uint8Array;
}

/** sha256 of the SPKI DER: names the key pair without revealing anything. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);
}

/** The signature scheme a key makes: Ed25519 signs the bytes, RSA and EC keys a SHA-256 digest. */
const ALGORITHMS: Record<string, string> = { ed25519: 'ed25519', rsa: 'rsa-sha256', ec: 'ecdsa-sha256' };

function algorithmOf(key: KeyObject, file: string): string {
  const algorithm = ALGORITHMS[key.asymmetricKeyType ?? ''];
  if (algorithm) return algorithm;
  throw new Error(`${file} holds a ${key.asymmetricKeyType ?? 'symmetric'} key: use Ed25519, RSA or EC (openssl genpkey -algorithm ed25519, or openssl genrsa)`);
}

function digestOf(algorithm: string): string | null {
  return algorithm === 'ed25519' ? null : 'sha256';
}

/** A private key file (PKCS#8 or PKCS#1 PEM, as openssl genpkey / genrsa write), read now. */
export function signerFromFile(file: string): Signer {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(file));
  } catch (err) {
    throw new Error(`cannot use private key ${file}: ${(err as Error).message} (make one with: openssl genpkey -algorithm ed25519 -out ${file})`, { cause: err });
  }
  const algorithm = algorithmOf(key, file);
  return {
    algorithm,
    keyId: keyIdOf(createPublicKey(key)),
    sign: (data) => sign(digestOf(algorithm), data, key),
  };
}

export interface PublicKeyFile {
  file: string;
  key?: KeyObject;
  /** Why the file could not be used as a key. */
  error?: string;
}

/** Every `*_tls.key` in `dir`, read afresh at each call so a key added or removed counts at once. */
export function readPublicKeys(dir: string): PublicKeyFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(PUBLIC_KEY_SUFFIX)).sort();
  } catch (err) {
    return [{ file: dir, error: `cannot read the director dir: ${(err as Error).message}` }];
  }
  return names.map((n) => {
    const file = join(dir, n);
    try {
      return { file, key: createPublicKey(readFileSync(file)) };
    } catch (err) {
      return { file, error: (err as Error).message };
    }
  });
}

export type Verdict = { ok: true; keyFile: string } | { ok: false; reason: string };

/** Accepted when any current key verifies the signature (director.md 2.2). */
export function verifySignature(dir: string, algorithm: string, signed: Uint8Array, signature: Uint8Array): Verdict {
  const keys = readPublicKeys(dir);
  const usable = keys.filter((k) => k.key);
  if (usable.length === 0) {
    const why = keys.map((k) => `${k.file}: ${k.error}`).join('; ');
    return { ok: false, reason: `no public key (*${PUBLIC_KEY_SUFFIX}) in ${dir}${why ? ` (${why})` : ''}: copy the signer's public key there` };
  }
  for (const { file, key } of usable) {
    if (ALGORITHMS[key!.asymmetricKeyType ?? ''] !== algorithm) continue;
    try {
      if (verify(digestOf(algorithm), signed, key!, signature)) return { ok: true, keyFile: file };
    } catch {
      /* a malformed signature for this key: try the next */
    }
  }
  return {
    ok: false,
    reason: `signature (${algorithm}) not verified by any of ${usable.length} public key(s) in ${dir} (${usable.map((k) => k.file).join(', ')}): the package was changed after signing, or signed by an unknown key`,
  };
}
