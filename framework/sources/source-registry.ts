import type { ClassKey } from '../registry/metadata.js';
import type { ActorAddress } from '../actor/address.js';
import type { LogLevel } from '../actor/context.js';
import { InvalidActorSourceHash } from '../actor/errors.js';
import { LoadedSource, UnloadedSource, ValidateSource, type ValidatedSource } from '../actor/messages.js';
import type { PackageModules } from './package-loader.js';
import { sourceOriginOf } from './source-origin.js';
import { hashSource, sourceBytes } from './source-hash.js';

/** What a registry needs from the base that holds it. */
export interface SourcePorts {
  /** Send `message` to `to` from the system's admin. */
  post(to: ActorAddress, message: unknown): void;
  log(level: LogLevel, message: string): void;
}

interface Loaded {
  hash: string;
  info: string;
  zip: Uint8Array;
  modules: PackageModules;
}

type Gone = 'rejected' | 'unloaded' | 'ignored' | 'refused';

const WHY: Record<Gone, string> = {
  rejected: 'the source authority rejected it',
  unloaded: 'it was unloaded',
  ignored: 'it was loaded while no source authority was registered, so it was ignored (register one, then load it again)',
  refused: 'the package the source authority returned is not a valid source package (see the log)',
};

/**
 * The loadable sources of one system (spec 5.8-5.11, 6.10, 7.8-7.11), independent of any
 * base: a load goes to the registered Source Authority, and only the package it validates
 * is loaded; each loaded hash has its own module space.
 */
export class SourceRegistry {
  private authority: ActorAddress | undefined;
  private readonly listeners = new Map<string, ActorAddress>();
  private readonly pending = new Map<string, string>();
  private readonly loaded = new Map<string, Loaded>();
  private readonly gone = new Map<string, Gone>();

  constructor(private readonly ports: SourcePorts) {}

  setAuthority(address: ActorAddress): void {
    this.authority = address;
  }

  /** An actor exited: it no longer validates or listens. */
  forget(address: ActorAddress): void {
    if (this.authority?.key === address.key) this.authority = undefined;
    this.listeners.delete(address.key);
  }

  /**
   * Spec 6.10: the hash at once; the source loads when the authority validates it. `info`
   * (default: the path a source was read from) travels with ValidateSource and LoadedSource.
   */
  load(source: Uint8Array | string, opts: { info?: string; authorityAlive?: (a: ActorAddress) => boolean } = {}): string {
    const bytes = sourceBytes(source);
    const hash = hashSource(bytes);
    const info = opts.info ?? (typeof source === 'string' ? source : '');
    const authorityAlive = opts.authorityAlive ?? (() => true);
    if (this.loaded.has(hash)) return hash;
    if (!this.authority || !authorityAlive(this.authority)) {
      this.gone.set(hash, 'ignored');
      this.ports.log('warning', `loadActorSource ignored: no source authority is registered (spec 5.8); source ${hash} not loaded`);
      return hash;
    }
    this.gone.delete(hash);
    this.pending.set(hash, info);
    this.ports.post(this.authority, new ValidateSource(hash, bytes, info));
    return hash;
  }

  /**
   * Spec 7.9: the authority's answer; a null zip is a rejection. Only the authority may answer.
   * The package code loads here, at the first validated source, not in every process that
   * holds a registry; the promise (which never rejects) settles once the source is loaded or refused.
   */
  async validated(message: ValidatedSource, from?: ActorAddress | null): Promise<void> {
    const hash = message.sourceHash;
    if (from !== undefined && from?.key !== this.authority?.key) {
      this.ports.log('warning', `ValidatedSource for ${hash} from ${String(from)} ignored: only the registered source authority validates sources`);
      return;
    }
    const info = this.pending.get(hash);
    if (info === undefined) {
      this.ports.log('warning', `ValidatedSource for ${hash} ignored: no load of that hash is waiting for validation`);
      return;
    }
    if (message.sourceZip === null) {
      this.pending.delete(hash);
      this.gone.set(hash, 'rejected');
      this.ports.log('warning', `source ${hash} rejected by the source authority${info ? ` (${info})` : ''}; not loaded`);
      return;
    }
    let modules: PackageModules;
    try {
      const [{ readSourcePackage }, { PackageModules }] = await Promise.all([import('./package-format.js'), import('./package-loader.js')]);
      modules = new PackageModules(hash, readSourcePackage(message.sourceZip).files);
    } catch (err) {
      this.pending.delete(hash);
      this.gone.set(hash, 'refused');
      this.ports.log('error', `source ${hash} validated but not loaded: ${(err as Error).message}`);
      return;
    }
    // Unloaded (or answered twice) while the package code was loading: that word stands.
    if (this.pending.get(hash) !== info) return;
    this.pending.delete(hash);
    const rec = { hash, info: message.sourceInfo || info, zip: message.sourceZip, modules };
    this.loaded.set(hash, rec);
    this.ports.log('info', `source ${hash} loaded${rec.info ? ` (${rec.info})` : ''}`);
    for (const l of this.listeners.values()) this.ports.post(l, new LoadedSource(hash, rec.info));
  }

  /** Spec 6.11: no new actors from it; running ones go on. */
  unload(hash: string): void {
    this.pending.delete(hash);
    const rec = this.loaded.get(hash);
    if (!rec) return;
    this.loaded.delete(hash);
    this.gone.set(hash, 'unloaded');
    this.ports.log('info', `source ${hash} unloaded`);
    for (const l of this.listeners.values()) this.ports.post(l, new UnloadedSource(hash, rec.info));
  }

  /** Spec 7.10: a new listener hears of every source already loaded. */
  setListener(address: ActorAddress, on: boolean): void {
    if (!on) {
      this.listeners.delete(address.key);
      return;
    }
    this.listeners.set(address.key, address);
    for (const rec of this.loaded.values()) this.ports.post(address, new LoadedSource(rec.hash, rec.info));
  }

  /** Throws InvalidActorSourceHash, saying why, unless `hash` is loaded. */
  check(hash: string): Loaded {
    const rec = this.loaded.get(hash);
    if (rec) return rec;
    const why = this.pending.has(hash) ? 'it is still waiting for the source authority to validate it' : WHY[this.gone.get(hash) as Gone] ?? 'no source with that hash was ever loaded';
    throw new InvalidActorSourceHash(
      `no loaded source has hash '${hash}': ${why} (loaded: ${this.hashes().join(', ') || 'none'}); load it with loadActorSource() and wait for LoadedSource`,
    );
  }

  /** The actor class `spec` ('path/in/pkg.js:Export') names in the loaded source `hash`. */
  actorClass(hash: string, spec: string): ClassKey {
    return this.check(hash).modules.actorClass(spec);
  }

  has(hash: string): boolean {
    return this.loaded.has(hash);
  }

  /**
   * Spec 4.14: a source another system of the convention validated, pulled here for a creation
   * ('AllowRemoteActorSources' was checked by the caller). It is read as any validated package.
   */
  async adopt(hash: string, zip: Uint8Array, info: string, from: string): Promise<boolean> {
    if (this.loaded.has(hash)) return true;
    let modules: PackageModules;
    try {
      const [{ readSourcePackage }, { PackageModules }] = await Promise.all([import('./package-format.js'), import('./package-loader.js')]);
      modules = new PackageModules(hash, readSourcePackage(zip).files);
    } catch (err) {
      this.ports.log('error', `source ${hash} from ${from} not loaded: ${(err as Error).message}`);
      return false;
    }
    const rec = { hash, info, zip, modules };
    this.gone.delete(hash);
    this.loaded.set(hash, rec);
    this.ports.log('info', `source ${hash} loaded from ${from}${info ? ` (${info})` : ''}`);
    for (const l of this.listeners.values()) this.ports.post(l, new LoadedSource(hash, info));
    return true;
  }

  infoOf(hash: string): string {
    return this.loaded.get(hash)?.info ?? '';
  }

  zipOf(hash: string): Uint8Array {
    return this.check(hash).zip;
  }

  hashes(): string[] {
    return [...this.loaded.keys()].sort();
  }
}

/**
 * The source an actor comes from: the one named, else, for a child named by path
 * ('path.js:Export') by an actor that was itself loaded from a source, its parent's source.
 */
export function effectiveSourceHash(spec: unknown, named: string | undefined, parentHash: string | undefined): string | undefined {
  if (typeof spec === 'function') return sourceOriginOf(spec)?.hash ?? named;
  return inheritedHash(spec, named, parentHash);
}

/**
 * What another process needs to start `spec` from source `hash`: a class loaded from a
 * package goes by its path and export; a class with no known origin by its name (which
 * the package then fails to resolve, with a clear error).
 */
export function sourceSpecOf(spec: unknown): string {
  if (typeof spec === 'string') return spec;
  if (typeof spec === 'function') return sourceOriginOf(spec)?.spec ?? spec.name;
  return String(spec);
}

function inheritedHash(spec: unknown, named: string | undefined, parentHash: string | undefined): string | undefined {
  if (named !== undefined) return named;
  return parentHash !== undefined && typeof spec === 'string' && spec.includes(':') ? parentHash : undefined;
}
