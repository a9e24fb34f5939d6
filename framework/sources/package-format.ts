import { unzipSync, zipSync, type UnzipFileInfo } from 'fflate';
import { SourcePackageError, packageError } from './package-errors.js';
import { MANIFEST_ENTRY, checkPackagePath } from './package-paths.js';
import { checkManifest, makeManifest, parseManifest, type SourceManifest } from './package-manifest.js';
import { symlinkFlags } from './zip-links.js';

/** Bounds on what a package may unpack to; every one is checked before inflating anything. */
export interface SourcePackageLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
  maxPathLength: number;
}

export const DEFAULT_PACKAGE_LIMITS: Readonly<SourcePackageLimits> = Object.freeze({
  maxEntries: 10_000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
  maxPathLength: 512,
});

export interface SourcePackage {
  manifest: SourceManifest;
  /** Package path -> bytes, manifest excluded. A Map so a path like `__proto__` is just a key. */
  files: Map<string, Uint8Array>;
}

/** A fixed timestamp so the same files always make the same bytes, hence the same source hash. */
const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1));

/** Zip the files with a manifest of their paths, sizes and sha256 (spec 6.10 sources). */
export async function buildSourcePackage(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const contents = new Map<string, Uint8Array>();
  for (const path of Object.keys(files).sort()) {
    checkPackagePath(path, DEFAULT_PACKAGE_LIMITS.maxPathLength);
    if (path === MANIFEST_ENTRY) throw packageError('this name is reserved for the manifest', 'SOURCE_PATH_RESERVED', path, 'rename the file');
    const value = files[path];
    contents.set(path, typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(value as Uint8Array));
  }
  const manifest = new TextEncoder().encode(JSON.stringify(makeManifest(contents), null, 1));
  const entries: Record<string, Uint8Array> = Object.create(null) as Record<string, Uint8Array>;
  entries[MANIFEST_ENTRY] = manifest;
  for (const [path, bytes] of contents) entries[path] = bytes;
  return zipSync(entries, { level: 6, mtime: FIXED_MTIME });
}

/**
 * Unpack and verify a package. Sizes, count, paths and link flags are checked from the
 * central directory before any entry is inflated; inflation writes into a buffer of the
 * declared size, so an entry that lies about its size cannot grow past it, and the
 * manifest's sizes and hashes catch the lie.
 */
export function readSourcePackage(bytes: Uint8Array, limits: Partial<SourcePackageLimits> = {}): SourcePackage {
  const lim = { ...DEFAULT_PACKAGE_LIMITS, ...limits };
  const infos: UnzipFileInfo[] = [];
  let total = 0;
  unzipWith(bytes, (info) => {
    if (infos.length >= lim.maxEntries) {
      throw packageError(`more than ${lim.maxEntries} entries`, 'SOURCE_TOO_MANY_ENTRIES', undefined, 'split the package or raise maxEntries');
    }
    infos.push(info);
    if (info.originalSize > lim.maxEntryBytes) {
      throw packageError(`entry unpacks to ${info.originalSize} bytes, over the ${lim.maxEntryBytes}-byte limit`, 'SOURCE_ENTRY_TOO_LARGE', info.name, 'keep each file under maxEntryBytes');
    }
    total += info.originalSize;
    if (total > lim.maxTotalBytes) {
      throw packageError(`entries unpack to more than ${lim.maxTotalBytes} bytes`, 'SOURCE_TOO_LARGE', info.name, 'keep the package under maxTotalBytes');
    }
    if (info.compression !== 0 && info.compression !== 8) {
      throw packageError(`compression method ${info.compression} is not stored or deflate`, 'SOURCE_COMPRESSION', info.name);
    }
    if (info.compression === 0 && info.size !== info.originalSize) {
      throw packageError('a stored entry whose sizes disagree', 'SOURCE_CORRUPT', info.name);
    }
    return false;
  });
  const links = symlinkFlags(bytes);
  if (!links || links.length !== infos.length) throw packageError('the zip central directory cannot be read', 'SOURCE_CORRUPT');
  const seen = new Set<string>();
  infos.forEach((info, i) => {
    if (links[i]) throw packageError('symbolic links are not allowed in a package', 'SOURCE_SYMLINK', info.name);
    const name = info.name.endsWith('/') && info.originalSize === 0 ? info.name.slice(0, -1) : info.name;
    checkPackagePath(name, lim.maxPathLength);
    if (seen.has(info.name)) throw packageError('the zip holds two entries with this name', 'SOURCE_DUPLICATE_ENTRY', info.name);
    seen.add(info.name);
  });
  const raw = unzipWith(bytes, (info) => !info.name.endsWith('/'));
  const files = new Map<string, Uint8Array>();
  let manifestBytes: Uint8Array | undefined;
  for (const info of infos) {
    const data = raw[info.name];
    if (!data) continue;
    if (data.length !== info.originalSize) {
      throw packageError(`entry inflates to ${data.length} bytes, not the ${info.originalSize} its header declares`, 'SOURCE_CORRUPT', info.name);
    }
    if (info.name === MANIFEST_ENTRY) manifestBytes = data;
    else files.set(info.name, data);
  }
  if (!manifestBytes) throw packageError(`no ${MANIFEST_ENTRY} entry`, 'SOURCE_MANIFEST_MISSING');
  const manifest = parseManifest(manifestBytes, MANIFEST_ENTRY);
  checkManifest(manifest, files);
  return { manifest, files };
}

function unzipWith(bytes: Uint8Array, filter: (info: UnzipFileInfo) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter });
  } catch (err) {
    if (err instanceof SourcePackageError) throw err;
    throw packageError(`not a readable zip (${(err as Error).message})`, 'SOURCE_CORRUPT', undefined, 'check that the bytes are a whole package from buildSourcePackage()');
  }
}
