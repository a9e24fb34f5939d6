import type { AdminCore } from '../../../system/admin/admin-core.js';
import type { Destination } from '../../../system/destination.js';
import type { OutboundEnvelope, Transport } from '../../../transport/index.js';
import { HoldDestination, RouteDestination } from '../envelope-destinations.js';
import { fixedRoute, homeOf } from '../protocol.js';
import type { Entry, MultiprocCounters } from './admin-entry.js';
import type { ConventionDesk } from './convention-desk.js';

/**
 * The one place the admin decides where a user message goes: an endpoint's process (or
 * this one's, for the queue base), a live actor's process, a starting actor's hold, another
 * system of the convention, or the dead letters. The admin is told of every actor, so a key
 * it does not know is dead.
 */
export class AdminDestinations {
  constructor(
    private readonly core: AdminCore<Entry, MultiprocCounters>,
    private readonly transport: Transport,
    private readonly convention: ConventionDesk | undefined,
    /** For an admin in the starter (queue base): endpoint keys are tried here before their route. */
    private readonly endpoints: Destination<OutboundEnvelope> | undefined,
    private readonly dead: Destination<OutboundEnvelope>,
  ) {}

  of(targetKey: string): Destination<OutboundEnvelope> {
    const entry = this.core.entries.get(targetKey);
    // Made by another system of the convention and not running here: its home admin knows where it runs (spec 9.4).
    const home = !entry && this.convention ? homeOf(targetKey) : undefined;
    if (home && home !== this.convention!.self) return this.convention!.toward(home) ?? this.dead;
    const fixed = fixedRoute(targetKey);
    if (fixed !== undefined) return this.endpoints ?? new RouteDestination(this.transport, fixed);
    if (!entry || entry.state === 'dead') return this.dead;
    if (entry.state === 'starting') return new HoldDestination(entry.held);
    // Running on a member only the leader reaches: through the leader (detours.ts).
    const detour = entry.remoteAdmin !== undefined ? this.convention?.detours.instead(entry.remoteAdmin) : undefined;
    return detour ?? new RouteDestination(this.transport, entry.route!);
  }
}
