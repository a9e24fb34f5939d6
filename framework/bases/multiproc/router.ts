import { ActorAddress } from '../../actor/address.js';
import { Directory, type Destination } from '../../system/destination.js';
import { prepareEnvelope, type OutboundEnvelope, type Transport } from '../../transport/index.js';
import { KIND_ADMIN, KIND_USER, fixedRoute, homeOf, type AdminRequest } from './protocol.js';
import { CallDestination, HoldDestination, LocalActorDestination, RouteDestination } from './envelope-destinations.js';

/**
 * Where each actor key lives, for one actor process: the one place it decides where a send
 * goes. Its own actor is bound locally; endpoint keys carry their route; other actors' routes
 * are learned from the admin. Sends to a key not yet known are encoded at once (so an
 * unencodable message fails in the sender) and held, in order, until the route arrives.
 */
export class Router {
  private readonly routes = new Map<string, string | null>();
  private readonly held = new Map<string, OutboundEnvelope[]>();
  private readonly byRoute = new Map<string, RouteDestination>();
  private readonly directory = new Directory<OutboundEnvelope>((key) => this.unbound(key));
  private readonly deadEnd: Destination<OutboundEnvelope>;

  constructor(
    private readonly transport: Transport,
    private readonly adminRoute: string,
    private readonly adminKey: string,
    /** A message for a key that is dead, or whose route failed. */
    dead: (env: OutboundEnvelope) => void,
    /** Set where peers cannot reach each other directly (IPC): everything goes via the admin. */
    private readonly via?: string,
    /** Spec 9.4: this process's links take other systems' actors, so their routes are asked for, not passed to the admin. */
    private readonly directAcrossSystems = false,
  ) {
    this.deadEnd = new CallDestination(dead);
  }

  /** Messages for `key` (this process's own actor) are handled here, never encoded or sent. */
  bindLocal(key: string, take: (env: OutboundEnvelope) => void): void {
    this.directory.bind(key, new CallDestination(take));
  }

  /** An actor living in this process: `post` hands it messages without encoding them (pooled mode). */
  bindActor(key: string, take: (message: unknown, sender: ActorAddress | null) => void): void {
    this.directory.bind(key, new LocalActorDestination(take));
  }

  /** A user message from an actor here: to an actor bound here as it is; anywhere else encoded, as by `send`. */
  post(targetKey: string, sender: ActorAddress, message: unknown, kind: number): void {
    const d = this.directory.resolve(targetKey);
    if (d instanceof LocalActorDestination) d.take(message, sender);
    else d.accept(prepareEnvelope({ targetKey, sender, message, kind }));
  }

  unbindLocal(key: string): void {
    this.directory.unbind(key);
  }

  send(env: OutboundEnvelope): void {
    this.directory.resolve(env.targetKey).accept(env);
  }

  private unbound(key: string): Destination<OutboundEnvelope> {
    // Made by another system of the convention: only the admins hold its key, so ours passes it on.
    const home = homeOf(key);
    const foreign = home !== undefined && home !== this.adminRoute;
    if (foreign && !this.directAcrossSystems) return this.toRoute(this.adminRoute);
    const known = this.routes.get(key);
    // Another system's endpoint is reached through its admin: its route is asked for like an actor's.
    const route = this.via !== undefined ? (known === null ? null : this.via) : ((foreign ? undefined : fixedRoute(key)) ?? known);
    if (route === null) return this.deadEnd;
    if (route !== undefined) return this.toRoute(route);
    let q = this.held.get(key);
    if (!q) {
      this.held.set(key, (q = []));
      this.toAdmin({ op: 'route?', key });
    }
    return new HoldDestination(q, (env) => this.transport.assertSendable?.(env));
  }

  private toRoute(route: string): RouteDestination {
    let d = this.byRoute.get(route);
    if (!d) this.byRoute.set(route, (d = new RouteDestination(this.transport, route)));
    return d;
  }

  /** The route of `key` is now known (null: the actor is dead or never started). */
  learn(key: string, route: string | null): void {
    this.routes.set(key, route);
    const q = this.held.get(key);
    if (!q) return;
    this.held.delete(key);
    for (const env of q) this.send(env);
  }

  /** What waits for `key` (in order), no longer held here. */
  takeHeld(key: string): OutboundEnvelope[] {
    const q = this.held.get(key) ?? [];
    this.held.delete(key);
    return q;
  }

  /** A creator knows a key is coming; sends wait without asking the admin. */
  expect(key: string): void {
    if (!this.held.has(key) && !this.routes.has(key)) this.held.set(key, []);
  }

  forget(key: string): void {
    this.routes.delete(key);
  }

  /** A message this actor process (or pooled host) could not deliver: its admin dead-letters it. */
  reportDead(env: Pick<OutboundEnvelope, 'targetKey' | 'message' | 'sender'>): void {
    this.toAdmin({ op: 'dead-letter', targetKey: env.targetKey, targetLabel: '', message: env.message, origin: env.sender });
  }

  /** A send to a dead peer came back from the transport: the route is stale and the message dead. */
  returned(env: OutboundEnvelope): void {
    if (env.kind !== KIND_USER) return;
    this.forget(env.targetKey);
    this.reportDead(env);
  }

  /** Requests carry this process's route (as `<route>#proc`) so the admin can answer. */
  toAdmin(request: AdminRequest): void {
    const sender = new ActorAddress(`${this.transport.address}#proc`);
    this.transport.send(this.adminRoute, prepareEnvelope({ targetKey: this.adminKey, sender, message: request, kind: KIND_ADMIN, system: true }));
  }

  get heldCount(): number {
    let n = 0;
    for (const q of this.held.values()) n += q.length;
    return n;
  }
}
