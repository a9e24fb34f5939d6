import type { RemoteRequest } from '../protocol.js';
import type { AdminPort } from './admin-port.js';
import type { DeskPort } from './desk-port.js';

/** Spec 9.1: whether this system runs sources loaded on other systems of its convention. */
export const ALLOW_REMOTE_SOURCES_CAPABILITY = 'AllowRemoteActorSources';
/** Thespian's pending-transfer timeout for a source pulled from another system. */
const SOURCE_TRANSFER_MS = 120_000;

type Done = (ok: boolean, why?: string) => void;

/**
 * Spec 4.14: a creation on this system from a loaded source it lacks pulls the validated
 * package from the system that asked (which loaded it, or pulled it the same way), as
 * 'AllowRemoteActorSources' allows: 'Yes' (default), 'LeaderOnly' (only from this system's
 * leader), anything else no. Pulled on demand, never pushed.
 */
export class RemoteSources {
  private readonly waiting = new Map<string, { from: string; done: Done[] }>();

  constructor(
    private readonly admin: AdminPort,
    private readonly desk: DeskPort,
  ) {}

  /** Why a source from `from` may not run here, or undefined when it may. */
  refusal(from: string): string | undefined {
    const raw = this.admin.core.capabilities[ALLOW_REMOTE_SOURCES_CAPABILITY] ?? 'Yes';
    const value = String(raw).trim().toLowerCase();
    if (value === 'yes' || value === 'true') return undefined;
    const leader = this.desk.membership.leader();
    if (value === 'leaderonly' && from === leader && leader !== this.desk.self) return undefined;
    return `this system's '${ALLOW_REMOTE_SOURCES_CAPABILITY}' is ${JSON.stringify(raw)}: it runs no source loaded on another system${value === 'leaderonly' ? ` but its leader (${leader ?? 'none'})` : ''}`;
  }

  /** `done(true)` once `hash` is loaded here (at once if it is), pulled from `from` if allowed. */
  ensure(hash: string, from: string, done: Done): void {
    if (this.admin.core.sources.has(hash)) return done(true);
    const why = this.refusal(from);
    if (why) return done(false, why);
    let w = this.waiting.get(hash);
    if (!w) {
      this.waiting.set(hash, (w = { from, done: [] }));
      this.desk.send(from, { op: 'remote-source?', hash });
      setTimeout(() => this.settle(hash, false, `${from} did not send source ${hash} within ${SOURCE_TRANSFER_MS / 1000} s`), SOURCE_TRANSFER_MS).unref();
    }
    w.done.push(done);
  }

  /** Another system asks for a source this one holds (validated here, or pulled). */
  asked(hash: string, from: string): void {
    const sources = this.admin.core.sources;
    const has = sources.has(hash);
    this.desk.send(from, { op: 'remote-source', hash, zip: has ? sources.zipOf(hash) : null, info: has ? sources.infoOf(hash) : '' });
  }

  async answered(req: Extract<RemoteRequest, { op: 'remote-source' }>, from: string): Promise<void> {
    const w = this.waiting.get(req.hash);
    if (!w || w.from !== from) return void this.admin.options.log('warning', `convention: source ${req.hash} from ${from} was not asked for; ignored`);
    if (req.zip === null) return this.settle(req.hash, false, `${from} has no source ${req.hash} loaded`);
    const why = this.refusal(from);
    if (why) return this.settle(req.hash, false, why);
    const ok = await this.admin.core.sources.adopt(req.hash, req.zip, req.info, from);
    this.settle(req.hash, ok, ok ? undefined : `the package of source ${req.hash} from ${from} could not be read (see this system's log)`);
  }

  private settle(hash: string, ok: boolean, why?: string): void {
    const w = this.waiting.get(hash);
    if (!w) return;
    this.waiting.delete(hash);
    if (!ok) this.admin.options.log('warning', `convention: ${why}`);
    for (const d of w.done) d(ok, why);
  }
}
