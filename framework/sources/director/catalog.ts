import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hashSource } from '../source-hash.js';
import { decodeTls, type TlsHeader } from './tls-format.js';
import { sortNewestFirst } from './versions.js';

/** One .tls in the director dir, as `avail`, `load` and `refresh` see it. */
export interface AvailableSource {
  file: string;
  group: string;
  version: string;
  /** The hash loadActorSource will return for these bytes. */
  hash: string;
  header: TlsHeader;
}

export interface Catalog {
  sources: AvailableSource[];
  /** .tls files that could not be read, with why. */
  unreadable: { file: string; reason: string }[];
}

export function readTls(file: string): { bytes: Uint8Array; source: AvailableSource } {
  const bytes = readFileSync(file);
  const { header } = decodeTls(bytes);
  return { bytes, source: { file, group: header.group, version: header.version, hash: hashSource(bytes), header } };
}

/** Every .tls in `dir`, newest first within each group (numeric field sort). */
export function readCatalog(dir: string): Catalog {
  const catalog: Catalog = { sources: [], unreadable: [] };
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.tls'));
  } catch (err) {
    catalog.unreadable.push({ file: dir, reason: (err as Error).message });
  }
  for (const n of names) {
    const file = join(dir, n);
    try {
      catalog.sources.push(readTls(file).source);
    } catch (err) {
      catalog.unreadable.push({ file, reason: (err as Error).message });
    }
  }
  catalog.sources = sortNewestFirst(catalog.sources);
  return catalog;
}

/** The newest source of each group, in group order: what `refresh` loads. */
export function newestPerGroup(catalog: Catalog): AvailableSource[] {
  const seen = new Set<string>();
  return catalog.sources.filter((s) => !seen.has(s.group) && seen.add(s.group));
}

/** TLS_Keep_Limit (director.md 2.7.2): delete the oldest files of `group` beyond `limit`; returns them. */
export function pruneGroup(dir: string, group: string, limit: number, keep: ReadonlySet<string>): string[] {
  const mine = readCatalog(dir).sources.filter((s) => s.group === group);
  const removed: string[] = [];
  for (const s of mine.slice(limit)) {
    if (keep.has(s.file)) continue;
    unlinkSync(s.file);
    removed.push(s.file);
  }
  return removed;
}
