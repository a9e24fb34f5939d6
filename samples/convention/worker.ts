import { hostname } from 'node:os';
import { Actor, ActorBase, Receive, type ActorAddress, type Capabilities } from 'thespian-ts';

/** What a worker says about where it runs. */
export interface WorkerReport {
  member: string;
  hostname: string;
  pid: number;
  /** The 'Admin Port' of the system that hosts it (the registrar adds the admin address it joined with). */
  adminPort: unknown;
}

/**
 * Runs only on the member its requirements name (spec 5.12): `createActor(Worker,
 * { requirements: { member: 'north' } })` fits a system whose 'Member' capability is 'north'
 * and no other, so the convention places it there (spec 4.11.3).
 */
@Actor()
export class Worker extends ActorBase {
  private readonly caps: Capabilities;
  constructor(capabilities?: Capabilities, requirements?: unknown) {
    super(capabilities, requirements);
    this.caps = capabilities ?? {};
  }

  static override actorSystemCapabilityCheck(capabilities: Capabilities, requirements?: unknown): boolean {
    const member = (requirements as { member?: unknown } | undefined)?.member;
    return member !== undefined && capabilities['Member'] === member;
  }

  @Receive(String) where(_m: string, sender: ActorAddress) {
    const report: WorkerReport = { member: String(this.caps['Member']), hostname: hostname(), pid: process.pid, adminPort: this.caps['Admin Port'] };
    this.send(sender, report);
  }
}
