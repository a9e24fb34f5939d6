import { ActorStatus, StatusRequest, type ActorAddress, type CreateActorOptions, type LogLevel } from '../../actor/index.js';
import type { TliActor } from './tli.js';

/** An actor the Director started for a source, and who it is (address key + pid: a global name's key is reused). */
export interface StartedActor {
  spec: string;
  role?: string;
  globalName?: string;
  address: ActorAddress;
  identity: string;
}

export interface StartOps {
  createActor(spec: string, options: CreateActorOptions): ActorAddress;
  send(target: ActorAddress, message: unknown): void;
  tick(ms: number): void;
  log(level: LogLevel, message: string): void;
}

interface Pending {
  hash: string;
  actor: TliActor;
  globalName?: string;
  address?: ActorAddress;
  phase: 'probe' | 'retry' | 'confirm' | 'done';
  /** When the current step began; a step that takes too long is retried or given up. */
  since: number;
  firstTry: number;
  identity?: string;
}

/** A new actor that does not answer StatusRequest this long is created again (idempotent when its name is ours). */
const PROBE_MS = 1000;
/** How long a new version waits for superseded actors to free their global names, and for its actors to start. */
export const START_LIMIT_MS = 10_000;
export const TICK_MS = 50;

function identityOf(st: ActorStatus): string {
  return `${st.actorAddress.key}|${st.pid ?? ''}`;
}

/**
 * The TLI OnLoad of one source, made dependable (director.md 2.7.2):
 * - an actor whose global name a superseded, exiting actor still holds is created again until
 *   the name is free (creating it earlier hands back the old actor: spec 4.6); who answers a
 *   StatusRequest tells them apart, since a global name's address is the same for both;
 * - the OnLoad message is sent once the actor is ours, and the load is reported only after a
 *   StatusRequest sent behind it is answered, so the message is in the actor's queue before
 *   anyone the loader tells about the actor can write to it.
 */
export class OnLoadStarts {
  /** Global name -> identity of the superseded actor told to exit. */
  readonly exiting = new Map<string, string>();
  private readonly pending: Pending[] = [];
  private readonly finished = new Map<string, (started: StartedActor[]) => void>();
  private readonly started = new Map<string, StartedActor[]>();
  private ticking = false;

  constructor(private readonly ops: StartOps) {}

  begin(hash: string, actors: { actor: TliActor; globalName?: string }[], done: (started: StartedActor[]) => void): void {
    this.started.set(hash, []);
    this.finished.set(hash, done);
    const now = Date.now();
    for (const a of actors) {
      const p: Pending = { hash, actor: a.actor, ...(a.globalName ? { globalName: a.globalName } : {}), phase: 'probe', since: now, firstTry: now };
      this.pending.push(p);
      this.create(p);
    }
    this.check(hash);
    this.schedule();
  }

  private create(p: Pending): void {
    p.address = this.ops.createActor(p.actor.spec, { sourceHash: p.hash, ...(p.globalName ? { globalName: p.globalName } : {}) });
    p.phase = 'probe';
    p.since = Date.now();
    this.ops.send(p.address, new StatusRequest());
  }

  /** Returns true when the status was one of ours. */
  status(st: ActorStatus): boolean {
    const p = this.pending.find((x) => x.address?.key === st.actorAddress.key && (x.phase === 'probe' || x.phase === 'confirm'));
    if (!p) return false;
    const identity = identityOf(st);
    if (p.phase === 'probe') {
      if (p.globalName && this.exiting.get(p.globalName) === identity) {
        p.phase = 'retry';
        p.since = Date.now();
        return true;
      }
      p.identity = identity;
      this.deliver(p);
      return true;
    }
    this.finish(p);
    return true;
  }

  private deliver(p: Pending): void {
    if (p.actor.onLoad?.hasMessage) this.ops.send(p.address!, p.actor.onLoad.message);
    p.phase = 'confirm';
    p.since = Date.now();
    this.ops.send(p.address!, new StatusRequest());
  }

  private finish(p: Pending): void {
    p.phase = 'done';
    if (p.globalName) this.exiting.delete(p.globalName);
    const a = p.actor;
    this.started.get(p.hash)!.push({
      spec: a.spec,
      ...(a.onLoad?.role ? { role: a.onLoad.role } : {}),
      ...(p.globalName ? { globalName: p.globalName } : {}),
      address: p.address!,
      identity: p.identity ?? `${p.address!.key}|`,
    });
    this.check(p.hash);
  }

  private check(hash: string): void {
    if (this.pending.some((p) => p.hash === hash && p.phase !== 'done')) return;
    for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i]!.hash === hash) this.pending.splice(i, 1);
    const done = this.finished.get(hash);
    const started = this.started.get(hash) ?? [];
    this.finished.delete(hash);
    this.started.delete(hash);
    done?.(started);
  }

  private schedule(): void {
    if (this.ticking || this.pending.length === 0) return;
    this.ticking = true;
    this.ops.tick(TICK_MS);
  }

  /** The Director's wakeup: retries and time limits. */
  tick(): void {
    this.ticking = false;
    const now = Date.now();
    for (const p of [...this.pending]) {
      if (p.phase === 'done') continue;
      if (now - p.firstTry > START_LIMIT_MS) {
        this.ops.log('warning', `${p.actor.spec}${p.globalName ? ` (global name '${p.globalName}')` : ''} did not start within ${START_LIMIT_MS} ms; its OnLoad message is sent anyway`);
        if (p.phase === 'probe' || p.phase === 'retry') {
          if (p.actor.onLoad?.hasMessage) this.ops.send(p.address!, p.actor.onLoad.message);
        }
        this.finish(p);
      } else if (p.phase === 'retry' && now - p.since >= TICK_MS) {
        this.create(p);
      } else if (p.phase === 'probe' && now - p.since > PROBE_MS) {
        // No answer: a superseded named actor may have exited after absorbing our create. Ask again.
        if (p.globalName) this.create(p);
        else {
          p.since = now;
          this.ops.send(p.address!, new StatusRequest());
        }
      }
    }
    this.schedule();
  }
}
