import { createHash } from 'node:crypto';
import { packageError } from './package-errors.js';

export const MANIFEST_FORMAT = 'thespian-ts/source-package@1';

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

/** What a package claims to hold; the reader checks every claim against the zip. */
export interface SourceManifest {
  format: typeof MANIFEST_FORMAT;
  files: ManifestEntry[];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function makeManifest(files: ReadonlyMap<string, Uint8Array>): SourceManifest {
  const entries = [...files].map(([path, bytes]) => ({ path, size: bytes.length, sha256: sha256Hex(bytes) }));
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { format: MANIFEST_FORMAT, files: entries };
}

/** Parse the manifest entry, refusing anything that is not exactly the shape we write. */
export function parseManifest(bytes: Uint8Array, entryName: string): SourceManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw packageError(`the manifest is not valid UTF-8 JSON (${(err as Error).message})`, 'SOURCE_MANIFEST_INVALID', entryName);
  }
  const m = raw as Partial<SourceManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== MANIFEST_FORMAT || !Array.isArray(m.files)) {
    throw packageError(`the manifest is not a ${MANIFEST_FORMAT} manifest`, 'SOURCE_MANIFEST_INVALID', entryName);
  }
  const files: ManifestEntry[] = [];
  for (const f of m.files as unknown[]) {
    const e = f as Partial<ManifestEntry> | null;
    const ok = e && typeof e.path === 'string' && Number.isSafeInteger(e.size) && (e.size as number) >= 0
      && typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256);
    if (!ok) throw packageError(`the manifest lists a malformed file record ${JSON.stringify(f)?.slice(0, 120)}`, 'SOURCE_MANIFEST_INVALID', entryName);
    files.push({ path: e.path as string, size: e.size as number, sha256: e.sha256 as string });
  }
  return { format: MANIFEST_FORMAT, files };
}

/** Every file present, listed, of the listed size and hash; nothing listed twice or unlisted. */
export function checkManifest(manifest: SourceManifest, files: ReadonlyMap<string, Uint8Array>): void {
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    if (listed.has(entry.path)) throw packageError('the manifest lists this file twice', 'SOURCE_MANIFEST_DUPLICATE', entry.path);
    listed.add(entry.path);
    const bytes = files.get(entry.path);
    if (!bytes) throw packageError('the manifest lists a file the zip does not hold', 'SOURCE_MANIFEST_MISSING_FILE', entry.path);
    if (bytes.length !== entry.size) {
      throw packageError(`the manifest says ${entry.size} bytes but the file has ${bytes.length}`, 'SOURCE_MANIFEST_SIZE', entry.path);
    }
    if (sha256Hex(bytes) !== entry.sha256) throw packageError('the file does not match its sha256 in the manifest', 'SOURCE_MANIFEST_HASH', entry.path);
  }
  for (const path of files.keys()) {
    if (!listed.has(path)) throw packageError('the zip holds a file the manifest does not list', 'SOURCE_MANIFEST_EXTRA_FILE', path);
  }
}
