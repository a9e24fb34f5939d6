import { ActorAddress } from '../../actor/address.js';
import { prepareEnvelope, type OutboundEnvelope, type Transport } from '../../transport/index.js';
import { KIND_ADMIN, fixedRoute, type AdminRequest } from './protocol.js';

/**
 * Where each actor key lives, for one process. Endpoint keys carry their route; actor keys
 * are learned from the admin. Sends to a key not yet known are encoded at once (so an
 * unencodable message fails in the sender) and held, in order, until the route arrives.
 */
export class Router {
  private readonly routes = new Map<string, string | null>();
  private readonly held = new Map<string, OutboundEnvelope[]>();

  constructor(
    private readonly transport: Transport,
    private readonly adminRoute: string,
    private readonly adminKey: string,
    /** A message for a key that is dead, or whose route failed. */
    private readonly dead: (env: OutboundEnvelope) => void,
    /** Messages for this process itself skip the transport. */
    private readonly local: (env: OutboundEnvelope) => boolean,
    /** Set where peers cannot reach each other directly (IPC): everything goes via the admin. */
    private readonly via?: string,
  ) {}

  routeOf(key: string): string | null | undefined {
    if (this.via !== undefined) return this.routes.get(key) === null ? null : this.via;
    return fixedRoute(key) ?? this.routes.get(key);
  }

  send(env: OutboundEnvelope): void {
    if (this.local(env)) return;
    const route = this.routeOf(env.targetKey);
    if (route === undefined) {
      // Held until the route is known: fail now, in the sender, if it could never be sent.
      this.transport.assertSendable?.(env);
      const q = this.held.get(env.targetKey);
      if (q) q.push(env);
      else {
        this.held.set(env.targetKey, [env]);
        this.toAdmin({ op: 'route?', key: env.targetKey });
      }
      return;
    }
    if (route === null) this.dead(env);
    else this.transport.send(route, env);
  }

  /** The route of `key` is now known (null: the actor is dead or never started). */
  learn(key: string, route: string | null): void {
    this.routes.set(key, route);
    const q = this.held.get(key);
    if (!q) return;
    this.held.delete(key);
    for (const env of q) this.send(env);
  }

  /** A creator knows a key is coming; sends wait without asking the admin. */
  expect(key: string): void {
    if (!this.held.has(key) && !this.routes.has(key)) this.held.set(key, []);
  }

  forget(key: string): void {
    this.routes.delete(key);
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
