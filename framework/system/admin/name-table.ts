import type { AdminEntry } from './admin-entry.js';

/**
 * Spec 4.6: global names. A name belongs to the latest actor created under it until that
 * actor exits; the name decides, not the class, so a held name answers with its holder.
 */
export class NameTable<E extends AdminEntry> {
  private readonly byName = new Map<string, E>();

  /** The entry holding `name` (starting or live), if any. */
  holder(name: string | undefined): E | undefined {
    if (!name) return undefined;
    const e = this.byName.get(name);
    return e && e.state !== 'dead' ? e : undefined;
  }

  claim(entry: E): void {
    if (entry.globalName) this.byName.set(entry.globalName, entry);
  }

  /** The holder exited: the name is free for anyone (but only if it still holds it). */
  release(entry: E): void {
    if (entry.globalName && this.byName.get(entry.globalName) === entry) this.byName.delete(entry.globalName);
  }

  /** Every held name with its holder, for SystemStatus.globalNames. */
  held(): [string, E][] {
    return [...this.byName].filter(([, e]) => e.state !== 'dead');
  }
}
