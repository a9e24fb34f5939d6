import { ActorSystemException } from '../../actor/errors.js';
import type { ActorAddress } from '../../actor/address.js';
import { ActorSystem } from '../../system/actor-system.js';
import { DirectorActor } from './director-actor.js';
import { DIRECTOR_GLOBAL_NAME } from './director-protocol.js';
import { readDirectorConfig, startCapabilities, startLogDefs, type DirectorConfig } from './director-config.js';

const ADMIN_BASES = new Set(['multiprocTCPBase', 'multiprocUDPBase']);

/** In-process systems by director dir: every DirectorControl of one dir in this process shares it. */
const inProcess = new Map<string, ActorSystem>();

/**
 * The system a DirectorControl works on, as the config files describe it. A TCP/UDP system is
 * joined through its Admin Port and outlives this process; any other base runs inside this
 * process and lives as long as the DirectorControl that started it.
 */
export class DirectorConnection {
  private joined: ActorSystem | undefined;

  constructor(readonly directorDir: string) {}

  config(): DirectorConfig {
    return readDirectorConfig(this.directorDir);
  }

  /** The running system, or undefined when none is up (nothing is started). */
  async join(): Promise<ActorSystem | undefined> {
    const local = inProcess.get(this.directorDir);
    if (local && !local.isShutdown) return local;
    if (this.joined && !this.joined.isShutdown) return this.joined;
    const cfg = this.config();
    if (!ADMIN_BASES.has(cfg.base)) return undefined;
    try {
      this.joined = await ActorSystem.start({ base: cfg.base, transientUnique: true, joinOnly: true, logDefs: false, capabilities: startCapabilities(cfg) });
      return this.joined;
    } catch (err) {
      if (err instanceof ActorSystemException && err.code === 'NO_ADMIN') return undefined;
      throw err;
    }
  }

  /** Joins or starts (director.md 2.5), then makes sure the Director and its Source Authority run. */
  async ensure(): Promise<{ asys: ActorSystem; started: boolean; director: ActorAddress }> {
    const cfg = this.config();
    if (cfg.problems.length) throw new Error(`cannot start: ${cfg.problems.join('; ')}`);
    let asys = await this.join();
    let started = false;
    if (!asys) {
      asys = await ActorSystem.start({ base: cfg.base, transientUnique: true, logDefs: startLogDefs(cfg) as never, capabilities: startCapabilities(cfg) });
      if (ADMIN_BASES.has(cfg.base)) this.joined = asys;
      else inProcess.set(this.directorDir, asys);
      started = true;
    }
    return { asys, started, director: await this.director(asys) };
  }

  /** The Director under its global name; Initialize is idempotent, so every caller may send it. */
  async director(asys: ActorSystem): Promise<ActorAddress> {
    const director = await asys.createActor(DirectorActor, { globalName: DIRECTOR_GLOBAL_NAME });
    const r = (await asys.ask(director, { DirectorOp: 'Initialize', DirectorDir: this.directorDir }, 10_000)) as { Success?: boolean } | undefined;
    if (!r?.Success) throw new Error(`the Director actor did not answer Initialize within 10 s (${JSON.stringify(r)})`);
    return director;
  }

  async shutdown(): Promise<boolean> {
    const asys = await this.join();
    if (!asys) return false;
    await asys.shutdown();
    this.joined = undefined;
    inProcess.delete(this.directorDir);
    return true;
  }
}
