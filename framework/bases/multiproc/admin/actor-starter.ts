import { ActorAddress } from '../../../actor/address.js';
import { ChildActorExited } from '../../../actor/messages.js';
import type { AdminRequest, StartOrder } from '../protocol.js';
import { assertWireAllowed } from '../spec-transfer.js';
import { maxActorProcesses, type Entry } from './admin-entry.js';
import type { AdminPort } from './admin-port.js';

type CreateRequest = Extract<AdminRequest, { op: 'create' }>;

/**
 * Creating actors (spec 4.6, 5.3, 6.4): a request becomes an entry, takes a warm process and
 * sends it a start order; the actor's process says ready, start-failed, or exited.
 */
export class ActorStarter {
  constructor(
    private readonly admin: AdminPort,
    private readonly allowedRoots: string[],
  ) {}

  /** `origin`: created here for another system of the convention (remote-placement.ts). */
  async create(req: CreateRequest, from: string | undefined, origin?: Entry['origin']): Promise<void> {
    const admin = this.admin;
    if (admin.isStopping) return this.refuse(req, from, 'the actor system is shutting down', 'SYSTEM_SHUT_DOWN', false);
    const existing = admin.core.names.holder(req.globalName);
    if (existing) {
      // Spec 4.6: the name decides, not the class; whoever asks (starter or actor) gets the holder.
      if (!from) return;
      if (existing.state === 'live') admin.control(from, { op: 'created', reqId: req.reqId, key: existing.key, route: existing.route ?? null, label: existing.label });
      else (existing.nameWaiters ??= []).push({ route: from, reqId: req.reqId });
      return;
    }
    const limit = maxActorProcesses();
    // Pooled mode: an actor bound for a host takes no process of its own.
    const pooled = admin.processes.pools(req.spec);
    const running = pooled ? 0 : admin.processes.processesInUse(() => admin.core.live().length);
    if (running >= limit) {
      const error = `cannot create ${req.label}: this system already runs ${running} actor processes, the limit (THESPIAN_MAX_ACTOR_PROCESSES=${limit}); let some exit, or raise the limit`;
      admin.options.log('error', error);
      // A parent actor learns it as for any child that never started.
      return this.refuse(req, from, error, 'TOO_MANY_ACTOR_PROCESSES', true);
    }
    const entry: Entry = {
      key: req.key,
      label: req.label,
      parentKey: req.parentKey,
      globalName: req.globalName,
      state: 'starting',
      held: [],
      ...(from ? { requester: { route: from, reqId: req.reqId } } : {}),
      ...(origin ? { origin } : {}),
      // Spec 4.11.3: kept while the class may still decline this system for another one.
      ...(admin.convention && !req.globalName ? { creation: { spec: req.spec, requirements: req.requirements, tried: origin ? [...origin.tried] : [] } } : {}),
    };
    admin.core.add(entry);
    let source: StartOrder['source'];
    try {
      // Refused before a process is taken: importing the module would run it. As any failed
      // start: the requester gets the error, a parent its ChildActorExited.
      assertWireAllowed(req.spec, this.allowedRoots);
      // Spec 6.10: the validated package travels with the start order.
      if (req.spec.kind === 'source') source = { hash: req.spec.hash, zip: admin.core.sources.zipOf(req.spec.hash) };
    } catch (err) {
      const e = err as Error & { code?: string };
      this.failed(entry.key, `${e.message} (requested by ${from ?? 'an unknown sender'})`, e.code ?? 'ACTOR_SPEC_PATH_NOT_ALLOWED');
      return;
    }
    admin.processes.noteModule(req.spec.kind === 'path' ? req.spec.file : undefined);
    let spare;
    try {
      spare = await admin.processes.take(pooled);
    } catch (err) {
      this.failed(entry.key, (err as Error).message, admin.isStopping ? 'SYSTEM_SHUT_DOWN' : 'ACTOR_PROCESS_FAILED');
      return;
    }
    if (admin.isStopping) {
      admin.processes.giveBack(spare);
      this.failed(entry.key, 'the actor system is shutting down', 'SYSTEM_SHUT_DOWN');
      return;
    }
    admin.processes.assign(entry, spare);
    const order: StartOrder = {
      key: entry.key,
      label: entry.label,
      spec: req.spec,
      requirements: req.requirements,
      globalName: entry.globalName,
      parentKey: entry.parentKey,
      capabilities: { ...admin.core.capabilities },
      logLevel: this.minLogLevel(),
      ...(source ? { source } : {}),
      ...(admin.convention ? { home: admin.convention.self } : {}),
      ...(entry.creation && admin.convention?.peers() ? { peers: admin.convention.peers() } : {}),
    };
    if (entry.pooled) entry.order = order;
    admin.control(spare.route!, { op: 'start', order });
  }

  private refuse(req: CreateRequest, from: string | undefined, error: string, code: string, tellParent: boolean): void {
    if (from) this.admin.control(from, { op: 'created', reqId: req.reqId, key: req.key, route: null, error, code });
    if (tellParent && req.parentKey) {
      const address = new ActorAddress(req.key, req.label);
      this.admin.sendUser(req.parentKey, new ChildActorExited(address), address);
    }
  }

  /** What an actor must still send: the lowest level anyone here keeps (fixed at its start). */
  private minLogLevel(): number {
    const min = Math.min(this.admin.options.logLevel ?? 0, ...this.admin.logSubscribers.values());
    return Number.isFinite(min) ? min : 1e9;
  }

  ready(key: string, pid: number): void {
    const admin = this.admin;
    const entry = admin.core.entries.get(key);
    if (!entry || entry.state !== 'starting') return;
    entry.state = 'live';
    entry.order = undefined;
    entry.pid = pid;
    entry.startedAt = Date.now();
    entry.creation = undefined;
    const route = admin.publicRoute(entry);
    if (entry.requester) admin.control(entry.requester.route, { op: 'created', reqId: entry.requester.reqId, key, route: admin.publicRoute(entry, entry.requester.route) });
    entry.requester = undefined;
    for (const w of entry.nameWaiters?.splice(0) ?? []) {
      if (w.lookup) {
        admin.control(w.route, { op: 'reply', reqId: w.reqId, value: admin.routes.holder(entry.globalName) });
        (entry.knownBy ??= new Set()).add(w.route);
      } else admin.control(w.route, { op: 'created', reqId: w.reqId, key, route, label: entry.label });
    }
    admin.routes.answer(key, route);
    admin.convention?.placement.startedHere(entry);
    for (const env of entry.held.splice(0)) {
      try {
        admin.transport.send(entry.route!, env);
      } catch (err) {
        admin.options.log('error', `admin could not pass a held message to ${entry.label} (${key}): ${(err as Error).message}`);
      }
    }
  }

  /**
   * Spec 2.2.4: the parent hears of the exit now, not when the process is gone. Only the
   * actor's own process may say so; what reaches the admin for it from here on is dead-lettered.
   */
  exited(key: string, from: string | undefined): void {
    const entry = this.admin.core.entries.get(key);
    if (!entry || entry.state !== 'live' || from === undefined || entry.route !== from) return;
    this.admin.died(entry);
  }

  /** `accepts`: for a class that declined this system's capabilities, the convention's systems it would take. */
  failed(key: string, error: string, code: string, accepts?: string[]): void {
    const admin = this.admin;
    const entry = admin.core.entries.get(key);
    if (!entry || entry.state === 'dead') return;
    if (code === 'NO_COMPATIBLE_SYSTEM' && admin.convention?.placement.declined(entry, accepts)) return;
    admin.convention?.placement.failedHere(entry, error, code);
    admin.options.log('error', `actor ${entry.label} could not start: ${error}`);
    if (entry.requester) admin.control(entry.requester.route, { op: 'created', reqId: entry.requester.reqId, key, route: null, error, code });
    entry.requester = undefined;
    for (const w of entry.nameWaiters?.splice(0) ?? []) {
      if (w.lookup) admin.control(w.route, { op: 'reply', reqId: w.reqId, value: null });
      else admin.control(w.route, { op: 'created', reqId: w.reqId, key, route: null, error, code });
    }
    admin.processes.release(entry);
    admin.died(entry);
  }
}
