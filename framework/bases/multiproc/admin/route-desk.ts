import { isNameKey, type ControlMessage, type NameHolder } from '../protocol.js';
import type { NameTable } from '../../../system/admin/name-table.js';
import type { Entry } from './admin-entry.js';

/**
 * The admin's answers to "where does key K live?" (route?) and "who holds name N?" (name?):
 * at once when known, when a starting actor is ready, or null for the dead (spec 4.6, 9.4).
 */
export class RouteDesk {
  private readonly waiting = new Map<string, Set<string>>();

  constructor(
    private readonly entries: Map<string, Entry>,
    private readonly names: NameTable<Entry>,
    private readonly control: (route: string, message: ControlMessage) => void,
    /** Where this system's processes send for an entry (its process, or this admin for one on another system). */
    private readonly publicRoute: (entry: Entry, asker?: string) => string | null,
    /** A key made by another system of the convention: true when that is taken care of. */
    private readonly foreign: (key: string, from: string) => boolean = () => false,
  ) {}

  routeQuery(key: string, from: string): void {
    const entry = this.entries.get(key);
    if (!entry && this.foreign(key, from)) return;
    if (entry?.state === 'live') this.control(from, { op: 'route', key, route: this.publicRoute(entry, from) });
    else if (entry?.state === 'starting') this.wait(key, from);
    // Dead (its entry is kept) or an unheld name: the sender dead-letters what it holds now.
    else if (entry?.state === 'dead' || isNameKey(key)) this.control(from, { op: 'route', key, route: null });
    else {
      // Its creator's request may still be on its way here: give it a moment.
      this.wait(key, from);
      setTimeout(() => {
        const state = this.entries.get(key)?.state;
        if (state !== 'starting' && state !== 'live') this.answer(key, null);
      }, 2000).unref();
    }
  }

  /** This admin no longer holds `key` (a visitor passed on to another system): who waits asks again, as for any key. */
  reroute(key: string): void {
    const waiters = this.waiting.get(key);
    if (!waiters) return;
    this.waiting.delete(key);
    for (const w of waiters) this.routeQuery(key, w);
  }

  private wait(key: string, from: string): void {
    let set = this.waiting.get(key);
    if (!set) this.waiting.set(key, (set = new Set()));
    set.add(from);
  }

  /** `key` is now live at `route`, or dead (null): everyone who asked hears it. */
  answer(key: string, route: string | null): void {
    const waiters = this.waiting.get(key);
    if (!waiters) return;
    this.waiting.delete(key);
    const entry = this.entries.get(key);
    for (const w of waiters) this.control(w, { op: 'route', key, route: entry && route !== null ? this.publicRoute(entry, w) : route });
  }

  /** Spec 4.6: the holder of a name, once it runs (a starting holder is waited for), or null. */
  nameQuery(globalName: string, from: string, reqId: number): void {
    const entry = this.names.holder(globalName);
    if (entry?.state === 'starting') (entry.nameWaiters ??= []).push({ route: from, reqId, lookup: true });
    else this.control(from, { op: 'reply', reqId, value: this.holder(globalName) });
    if (entry?.state === 'live') (entry.knownBy ??= new Set()).add(from);
  }

  holder(globalName: string): NameHolder | null {
    const entry = this.names.holder(globalName);
    return entry ? { key: entry.key, label: entry.label, route: this.publicRoute(entry) } : null;
  }
}
