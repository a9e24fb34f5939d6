import { Actor, ActorBase, ActorSystemConventionUpdate, ChildActorExited, Receive, type ActorAddress } from 'thespian-ts';
import { Worker, type WorkerReport } from './worker.js';

/** One line of the registrar's log: a worker's report, or a member leaving. */
export interface RegistrarEvent {
  kind: 'worker' | 'failed' | 'left';
  member: string;
  /** The member's admin address, as the convention announced it. */
  admin: string;
  worker?: WorkerReport;
}

/**
 * Runs on the leader. It asks for membership news (spec 5.7) and, as each member with a
 * 'Member' capability joins, creates one Worker whose requirements only that member meets
 * (spec 4.11.3): the leader's admin sends the creation there. Each worker answers where it
 * runs; 'events' answers with everything so far.
 */
@Actor()
export class Registrar extends ActorBase {
  private readonly events: RegistrarEvent[] = [];
  /** Member name -> its admin address, for members with a worker. */
  private readonly members = new Map<string, string>();
  /** Worker address key -> the member it was made for. */
  private readonly pending = new Map<string, string>();

  @Receive(String) text(m: string, sender: ActorAddress) {
    if (m === 'start') {
      this.notifyOnSystemRegistrationChanges(true);
      this.send(sender, 'started');
    } else if (m === 'events') {
      this.send(sender, [...this.events]);
    }
  }

  @Receive(ActorSystemConventionUpdate) membership(u: ActorSystemConventionUpdate) {
    const member = u.remoteCapabilities['Member'];
    if (typeof member !== 'string') return; // the leader itself, or a system that is no member of ours
    const admin = String(u.remoteAdminAddress);
    if (!u.remoteAdded) {
      this.members.delete(member);
      this.events.push({ kind: 'left', member, admin });
      return;
    }
    if (this.members.has(member)) return; // a capability update: it has its worker already
    this.members.set(member, admin);
    const worker = this.createActor(Worker, { requirements: { member } });
    this.pending.set(worker.key, member);
    this.send(worker, 'where');
  }

  @Receive(Object) report(r: WorkerReport, sender: ActorAddress) {
    const member = this.pending.get(sender.key);
    if (member === undefined) return;
    this.pending.delete(sender.key);
    this.events.push({ kind: 'worker', member, admin: this.members.get(member) ?? '?', worker: r });
  }

  /** No system would host the worker (the member left meanwhile): say so rather than wait forever. */
  @Receive(ChildActorExited) exited(m: ChildActorExited) {
    const member = this.pending.get(m.childAddress.key);
    if (member === undefined) return;
    this.pending.delete(m.childAddress.key);
    this.members.delete(member);
    this.events.push({ kind: 'failed', member, admin: '?' });
  }
}
