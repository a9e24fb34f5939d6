import { Actor, ActorBase, Receive, RequireCapability, type ActorAddress } from 'thespian-ts';
import { Lookup } from './messages.js';

/**
 * Runs only in a system that has the 'Directory Service' capability: in a convention of
 * several systems, it is created wherever that capability is, and found there by name.
 */
@Actor()
@RequireCapability('Directory Service')
export class Directory extends ActorBase {
  private readonly entries = new Map([['thespian', 'an actor system']]);

  @Receive(Lookup)
  lookup(m: Lookup, sender: ActorAddress): void {
    this.send(sender, this.entries.get(m.key) ?? null);
  }
}
