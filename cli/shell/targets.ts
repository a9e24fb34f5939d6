import { ActorAddress, type SystemStatus } from '../../framework/index.js';
import { CliError } from '../io.js';

/**
 * The addresses a shell session knows, numbered as Thespian's shell numbers them (#0, #1, ...):
 * every actor seen in a status, every address created or received. A target is written as
 * '#N', an address key ('name:boss', 'k1a2b.3') or a global name.
 */
export class Targets {
  private readonly known: ActorAddress[] = [];
  private names: Record<string, ActorAddress> = {};

  /** Its number, adding it if new. */
  add(address: ActorAddress): number {
    const at = this.known.findIndex((a) => a.key === address.key);
    if (at >= 0) return at;
    this.known.push(address);
    return this.known.length - 1;
  }

  learn(st: SystemStatus): void {
    for (const d of st.actorDetails ?? []) this.add(new ActorAddress(d.actorAddress.key, d.actorClass));
    for (const a of st.actors) this.add(a);
    this.names = { ...st.globalNames };
  }

  name(globalName: string, address: ActorAddress): void {
    this.names[globalName] = address;
    this.add(address);
  }

  label(address: ActorAddress): string {
    return `#${this.add(address)} ${String(address)}`;
  }

  list(): { n: number; address: ActorAddress }[] {
    return this.known.map((address, n) => ({ n, address }));
  }

  /** Words completion offers for a target. */
  words(): string[] {
    return [...this.known.map((_, n) => `#${n}`), ...this.known.map((a) => a.key), ...Object.keys(this.names)];
  }

  resolve(word: string): ActorAddress {
    const num = /^#(\d+)$/.exec(word);
    if (num) {
      const a = this.known[Number(num[1])];
      if (!a) throw new CliError(`no address #${num[1]}: 'actors' lists the known ones`, 'SHELL_NO_TARGET');
      return a;
    }
    const byName = this.names[word];
    if (byName) return byName;
    const byKey = this.known.find((a) => a.key === word);
    if (byKey) return byKey;
    // An address from elsewhere (a log line, another shell): its key is enough to reach it.
    if (/^(name:|k[0-9a-f]+\.)/.test(word) || word.includes('#')) return new ActorAddress(word);
    throw new CliError(`'${word}' is not a known address, key or global name: 'actors' lists them, 'status' refreshes`, 'SHELL_NO_TARGET');
  }
}
