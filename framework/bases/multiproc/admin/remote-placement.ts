import { homeOf, type RemoteRequest } from '../protocol.js';
import type { AdminPort } from './admin-port.js';
import type { Entry } from './admin-entry.js';
import type { DeskPort } from './desk-port.js';

type RemoteCreate = Extract<RemoteRequest, { op: 'remote-create' }>;
type RemoteCreated = Extract<RemoteRequest, { op: 'remote-created' }>;

/**
 * Spec 4.10 / 4.11.3: an actor whose class declines this system is created on the first live
 * member that accepts it and has not been tried (members ask their leader when they know none).
 * The key's home, the admin that made it, keeps it 'starting' (its messages held) until the
 * system that runs it answers, then routes its messages there; the creator had its address at
 * once. Only the actor's process loads its class: it names the peers the class accepts.
 */
export class RemotePlacement {
  constructor(
    private readonly admin: AdminPort,
    private readonly desk: DeskPort,
  ) {}

  /**
   * The class declined this system; `accepts`: the peers it would take. True when the creation
   * went on to another system (a home entry waits for its answer; a visitor's is handed over).
   */
  declined(entry: Entry, accepts: string[] | undefined): boolean {
    // A global name is this system's (spec 4.6): it is not placed elsewhere.
    if (!this.desk.active || !entry.creation || entry.globalName) return false;
    const tried = [...entry.creation.tried, this.desk.self];
    const ok = new Set(accepts ?? []);
    const place = this.desk.membership.place((_caps, address) => ok.has(address), tried);
    if (place.kind === 'none') return false;
    const home = entry.origin?.home ?? this.desk.self;
    this.admin.options.log('info', `convention: ${entry.label} (${entry.key}) declined this system; asking ${place.kind} ${place.address}`);
    this.desk.send(place.address, {
      op: 'remote-create',
      key: entry.key,
      label: entry.label,
      spec: entry.creation.spec,
      requirements: entry.creation.requirements,
      globalName: '',
      parentKey: entry.parentKey,
      home,
      tried,
    });
    this.admin.processes.release(entry);
    entry.proc = undefined;
    entry.pid = undefined;
    entry.route = undefined;
    if (entry.origin) this.passedOn(entry);
    else {
      entry.placing = place.address;
      entry.creation.tried = tried;
    }
    return true;
  }

  /**
   * A visitor passed on: its home hears from whoever runs it; this system never ran it and
   * forgets it. Its creator had its address at once, so messages for it and route questions
   * may have reached this admin while it started here: they now go where its key leads, its
   * home, which holds them until the system that runs it answers.
   */
  private passedOn(entry: Entry): void {
    this.admin.core.entries.delete(entry.key);
    this.admin.counters.actorsCreated--;
    const held = entry.held.splice(0);
    if (held.length) this.admin.options.log('debug', `convention: ${held.length} message(s) sent to ${entry.label} (${entry.key}) while it started here go on to its home`);
    for (const env of held) this.admin.redirect(env);
    this.admin.routes.reroute(entry.key);
  }

  /** Another system asks this one to create an actor whose key it made (or passed on). */
  async createHere(req: RemoteCreate, from: string): Promise<void> {
    if (homeOf(req.key) !== req.home) {
      this.admin.options.log('warning', `convention: refused to create ${req.label} for ${from}: its key ${req.key} does not name its home ${req.home}`);
      return;
    }
    if (this.admin.core.entries.has(req.key)) {
      this.admin.options.log('warning', `convention: ${from} asked again for ${req.label} (${req.key}), which this system already knows; ignored`);
      return;
    }
    if (req.spec.kind === 'source') {
      const why = await new Promise<string | undefined>((resolve) => this.desk.sources.ensure((req.spec as { hash: string }).hash, from, (ok, w) => resolve(ok ? undefined : w)));
      if (why !== undefined) {
        return this.desk.send(req.home, { op: 'remote-created', key: req.key, at: null, error: `${this.desk.self} cannot start ${req.label}: ${why}`, code: 'INVALID_SOURCE_HASH' });
      }
    }
    this.admin.options.log('info', `convention: creating ${req.label} (${req.key}) for ${from}`);
    await this.admin.starter.create(
      { op: 'create', reqId: 0, key: req.key, label: req.label, spec: req.spec, requirements: req.requirements, globalName: '', parentKey: req.parentKey },
      undefined,
      { home: req.home, tried: req.tried },
    );
  }

  /** A visitor started here (`at` this system) or could not start: its home hears. */
  startedHere(entry: Entry): void {
    // Its process only when other systems' actors may link to it (direct routing): else through this admin.
    if (entry.origin) this.desk.send(entry.origin.home, { op: 'remote-created', key: entry.key, at: this.desk.self, ...(entry.route && this.desk.direct ? { route: entry.route } : {}) });
  }

  failedHere(entry: Entry, error: string, code: string): void {
    if (entry.origin) this.desk.send(entry.origin.home, { op: 'remote-created', key: entry.key, at: null, error, code });
  }

  /** A visitor that ran here exited: its home tells its parent and forgets its route. */
  exitedHere(entry: Entry): void {
    if (entry.origin && entry.startedAt !== undefined) this.desk.send(entry.origin.home, { op: 'remote-exited', key: entry.key });
  }

  /** The answer for a key made here. */
  created(req: RemoteCreated, from: string): void {
    const entry = this.admin.core.entries.get(req.key);
    if (!entry || entry.state !== 'starting' || entry.origin) return;
    entry.placing = undefined;
    if (req.at === null) {
      // The systems on the way tried every one they knew: this creation is over, not placed again.
      entry.creation = undefined;
      this.admin.starter.failed(req.key, req.error ?? `no system of the convention could start ${entry.label}`, req.code ?? 'NO_COMPATIBLE_SYSTEM');
      return;
    }
    this.admin.options.log('info', `convention: ${entry.label} (${entry.key}) runs on ${req.at}${req.at === from ? '' : ` (told by ${from})`}`);
    entry.remoteAdmin = req.at;
    entry.route = req.at;
    if (req.route) entry.remoteRoute = req.route;
    this.admin.starter.ready(req.key, 0);
  }

  /** The system running an actor made here says it exited. */
  exited(key: string, from: string): void {
    const entry = this.admin.core.entries.get(key);
    if (!entry || entry.state !== 'live' || entry.remoteAdmin !== from) return;
    this.admin.died(entry);
  }

  /** A create request could not be delivered to `target`: try the next system. */
  unreachable(key: string, target: string): void {
    const entry = this.admin.core.entries.get(key);
    if (!entry || entry.state !== 'starting' || entry.placing !== target) return;
    entry.placing = undefined;
    entry.creation?.tried.push(target);
    if (!this.declined(entry, [])) this.admin.starter.failed(key, `${target} could not be reached to start ${entry.label}`, 'NO_COMPATIBLE_SYSTEM');
  }

  /** A member left (spec 4.11.1): the actors made here that ran there are gone. */
  memberLeft(address: string): void {
    for (const entry of this.admin.core.live()) {
      if (entry.remoteAdmin === address && entry.state === 'live') this.admin.died(entry);
      else if (entry.placing === address && entry.state === 'starting') this.unreachable(entry.key, address);
    }
  }
}
