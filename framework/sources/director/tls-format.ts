/**
 * The .tls file: a signed source package (director.md 2.3). Layout, all lengths big-endian:
 *
 *   8 bytes   "THSPTLS1"                      magic and layout version
 *   4 bytes   H, then H bytes of header JSON  { group, version, created, tli, algorithm, keyId }
 *   4 bytes   S, then S bytes of signature    over magic + H + header + package
 *   rest      the package (buildSourcePackage's zip with its manifest)
 *
 * The prefix makes the file useless as a zip until a Source Authority has checked the
 * signature and cut the package out (spec: "invalid until validated"); the header is inside
 * the signed bytes, so a group, version or TLI cannot be changed without the key.
 */
export const TLS_MAGIC = 'THSPTLS1';

export interface TlsHeader {
  group: string;
  version: string;
  /** ISO time of gensrc. */
  created: string;
  /** The TLI file's JSON text, or null when gensrc had none. */
  tli: string | null;
  /** 'ed25519' or 'rsa-sha256': how the signature was made. */
  algorithm: string;
  /** sha256 of the signer's public key (SPKI DER), hex: which *_tls.key should verify it. */
  keyId: string;
}

export interface TlsParts {
  header: TlsHeader;
  /** The bytes the signature covers. */
  signed: Uint8Array;
  signature: Uint8Array;
  zip: Uint8Array;
}

const MAX_HEADER = 1 << 20;
const MAX_SIGNATURE = 4096;

export function encodeTls(header: TlsHeader, zip: Uint8Array, sign: (signed: Uint8Array) => Uint8Array): Uint8Array {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const lead = Buffer.alloc(12);
  lead.write(TLS_MAGIC, 0, 'latin1');
  lead.writeUInt32BE(headerBytes.length, 8);
  const signed = Buffer.concat([lead, headerBytes, zip]);
  const signature = Buffer.from(sign(signed));
  const sigLen = Buffer.alloc(4);
  sigLen.writeUInt32BE(signature.length, 0);
  return Buffer.concat([lead, headerBytes, sigLen, signature, zip]);
}

/** Splits a .tls; throws naming what is wrong (not a .tls, truncated, a header that is not JSON). */
export function decodeTls(bytes: Uint8Array): TlsParts {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== TLS_MAGIC) {
    throw new Error(`not a .tls source package (it does not start with "${TLS_MAGIC}"); make one with 'thespian director gensrc'`);
  }
  const h = buf.readUInt32BE(8);
  if (h > MAX_HEADER || 12 + h + 4 > buf.length) throw new Error(`truncated .tls: its header claims ${h} bytes of ${buf.length}`);
  const headerBytes = buf.subarray(12, 12 + h);
  const s = buf.readUInt32BE(12 + h);
  if (s === 0 || s > MAX_SIGNATURE || 16 + h + s > buf.length) throw new Error(`truncated .tls: its signature claims ${s} bytes`);
  const signature = buf.subarray(16 + h, 16 + h + s);
  const zip = buf.subarray(16 + h + s);
  let header: TlsHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as TlsHeader;
  } catch (err) {
    throw new Error(`.tls header is not JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof header?.group !== 'string' || typeof header.version !== 'string' || typeof header.algorithm !== 'string') {
    throw new Error('.tls header lacks group, version or algorithm');
  }
  const signed = Buffer.concat([buf.subarray(0, 12 + h), zip]);
  return { header, signed, signature, zip };
}
