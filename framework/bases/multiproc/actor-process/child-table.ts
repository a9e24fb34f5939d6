import { ActorAddress } from '../../../actor/address.js';
import { nameKey, withHome } from '../protocol.js';

/** The children an actor created (keys and labels), for status, a recursive exit and a creation nobody took. */
export class ChildTable {
  private readonly byKey = new Map<string, string>();
  private seq = 0;

  /**
   * The key of a new child of `parentKey`: its home is `home`, the admin its creation goes to,
   * wherever the parent's own key was made (protocol.ts homeOf). A global name is the system's.
   */
  newKey(home: string | undefined, parentKey: string, globalName: string): string {
    return globalName ? nameKey(home, globalName) : withHome(home, `${parentKey}/${++this.seq}`);
  }

  add(key: string, label: string): void {
    this.byKey.set(key, label);
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  addresses(): ActorAddress[] {
    return [...this.byKey].map(([k, label]) => new ActorAddress(k, label));
  }
}
