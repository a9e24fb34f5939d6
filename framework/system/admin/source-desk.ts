import type { ActorAddress } from '../../actor/address.js';
import { InvalidActorSourceHash } from '../../actor/errors.js';
import { LoadedSource, UnloadedSource, ValidateSource, ValidatedSource } from '../../actor/messages.js';
import type { LogLevel } from '../../actor/context.js';
import { hashSource, sourceBytes, SourceTable } from '../../sources/source-hash.js';

export interface SourceDeskPorts {
  post(to: ActorAddress, message: unknown): void;
  log(level: LogLevel, message: string): void;
}

/**
 * Spec 6.10, 7.8-7.11: an admin's loaded sources. Nothing loads until the registered
 * Source Authority answers ValidateSource; with no authority a load is ignored (secure by default).
 */
export class SourceDesk {
  readonly table = new SourceTable();
  private authority: ActorAddress | undefined;
  private readonly listeners = new Map<string, ActorAddress>();

  constructor(private readonly ports: SourceDeskPorts) {}

  setAuthority(authority: ActorAddress): void {
    this.authority = authority;
  }

  /** Spec 7.10: a new registrant hears of every source already loaded. */
  setListener(listener: ActorAddress, on: boolean): void {
    if (!on) {
      this.listeners.delete(listener.key);
      return;
    }
    this.listeners.set(listener.key, listener);
    for (const s of this.table.loaded.values()) this.ports.post(listener, new LoadedSource(s.hash, s.info));
  }

  /** The actor behind `key` exited: it neither validates nor listens any more. */
  gone(key: string): void {
    this.listeners.delete(key);
    if (this.authority?.key === key) this.authority = undefined;
  }

  load(source: Uint8Array | string): string {
    const bytes = sourceBytes(source);
    const hash = hashSource(bytes);
    const info = typeof source === 'string' ? source : '';
    if (!this.authority) {
      this.ports.log('warning', `loadActorSource ignored: no source authority is registered (spec 5.8); source ${hash} not loaded`);
      return hash;
    }
    this.table.pending.set(hash, { hash, info, zip: null });
    this.ports.post(this.authority, new ValidateSource(hash, bytes, info));
    return hash;
  }

  unload(hash: string): void {
    const rec = this.table.loaded.get(hash);
    this.table.pending.delete(hash);
    if (!rec) return;
    this.table.loaded.delete(hash);
    for (const l of this.listeners.values()) this.ports.post(l, new UnloadedSource(hash, rec.info));
  }

  validated(message: ValidatedSource): void {
    const pending = this.table.pending.get(message.sourceHash);
    if (!pending) return;
    this.table.pending.delete(message.sourceHash);
    if (message.sourceZip === null) {
      this.ports.log('warning', `source ${message.sourceHash} rejected by the source authority`);
      return;
    }
    const rec = { hash: message.sourceHash, info: message.sourceInfo || pending.info, zip: message.sourceZip };
    this.table.loaded.set(rec.hash, rec);
    for (const l of this.listeners.values()) this.ports.post(l, new LoadedSource(rec.hash, rec.info));
  }

  check(hash: string | undefined): void {
    if (hash !== undefined && !this.table.has(hash)) {
      throw new InvalidActorSourceHash(
        `no loaded source has hash '${hash}' (loaded: ${this.table.hashes().join(', ') || 'none'}); load it with loadActorSource() and wait for its validation`,
      );
    }
  }
}
