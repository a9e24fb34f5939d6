import { type OutboundEnvelope, type ReceivedEnvelope, type Transport } from '../../../transport/index.js';
import { DropReport } from '../drop-report.js';
import { KIND_CONTROL, type ControlMessage } from '../protocol.js';
import { controlMessageProblem } from '../protocol-shapes.js';
import { Router } from '../router.js';
import { announceSpare, refusedFromOtherSystem } from './process-door.js';
import { ActorProcess } from './actor-process.js';

/**
 * A host process of the pooled mode (capability 'Pooled Actors'): many actors on one transport
 * and one Router, each an `ActorProcess` that does not own the process. Actors of one host
 * reach each other in memory (the Router's directory binds them all); everything else goes
 * as from an actor's own process. The host lives until the admin stops it; its death (even
 * kill -9) is each of its actors' death.
 */
export class HostProcess {
  readonly router: Router;
  private readonly actors = new Map<string, ActorProcess>();
  /** Sends dropped over the drop level, for all the actors here: counted by the admin and logged to the starter. */
  readonly drops = {
    // Reported as the sending actor's, as from its own process.
    dropped: (env: OutboundEnvelope): void => ((env.sender && this.actors.get(env.sender.key)?.drops) || this.unattributed).dropped(env),
  };
  private readonly unattributed = new DropReport((count, targetKey) => this.router.toAdmin({ op: 'dropped', count, targetKey, actorAddress: `${this.transport.address}#proc`, actorClass: 'pooled host' }));

  constructor(
    private readonly transport: Transport,
    private readonly adminRoute: string,
    private readonly adminKey: string,
    private readonly allowedRoots: readonly string[],
    private readonly viaAdmin: boolean,
    private readonly log: (level: string, message: string) => void,
    /** Links from other systems' actors are accepted (spec 9.4 direct routing). */
    directAcrossSystems = false,
  ) {
    this.router = new Router(transport, adminRoute, adminKey, (env) => this.router.reportDead(env), viaAdmin ? adminRoute : undefined, directAcrossSystems);
  }

  /** The first words with the admin, as a spare's: the admin knows this process is a host. */
  announce(): void {
    announceSpare(this.transport, this.adminRoute, this.adminKey);
  }

  onEnvelope(env: ReceivedEnvelope): void {
    if (refusedFromOtherSystem(env, this.log)) return;
    if (env.kind === KIND_CONTROL) return this.control(env);
    const actor = this.actors.get(env.targetKey);
    if (actor) return actor.onEnvelope(env);
    // Not (or no longer) here: dead, as in an actor's own process after its exit.
    this.router.reportDead(env);
    env.settle?.();
  }

  private control(env: ReceivedEnvelope): void {
    const problem = controlMessageProblem(env.message);
    if (problem !== undefined) {
      env.settle?.();
      this.log('warning', `dropped a malformed control message from ${env.sender?.key ?? 'an unnamed sender'}: ${problem}`);
      return;
    }
    const msg = env.message as ControlMessage;
    switch (msg.op) {
      case 'start': {
        // A global name's key is reused once its holder has exited (spec 4.6): its last moments
        // here may overlap the new holder's start, which takes the key over.
        const key = msg.order.key;
        const actor: ActorProcess = new ActorProcess(this.transport, this.adminRoute, this.adminKey, () => this.remove(key, actor), this.allowedRoots, this.viaAdmin, this.log, false, this.router);
        this.actors.set(key, actor);
        actor.onEnvelope(env);
        return;
      }
      case 'caps':
        // Every actor here re-checks itself against the new capabilities (spec 5.13).
        env.settle?.();
        for (const actor of this.actors.values()) actor.onEnvelope({ ...env, settle: undefined });
        return;
      default:
        // Routes are the router's, shared by every actor here: any one of them learns them for all.
        env.settle?.();
        if (msg.op === 'created' && msg.route === null) for (const actor of this.actors.values()) actor.childNeverStarted(msg);
        if (msg.op === 'route' || msg.op === 'created') this.router.learn(msg.key, msg.route);
        else if (msg.op === 'forget') this.router.forget(msg.key);
    }
  }

  /**
   * The actor has exited, never started, or went to a process of its own (an isolated class):
   * the next send to its key asks the admin, which knows which.
   */
  private remove(key: string, actor: ActorProcess): void {
    if (this.actors.get(key) !== actor) return;
    this.actors.delete(key);
    this.router.unbindLocal(key);
    this.router.forget(key);
  }

  /** A send to a dead peer came back from the transport. */
  undeliverable(env: OutboundEnvelope): void {
    this.router.returned(env);
  }
}
