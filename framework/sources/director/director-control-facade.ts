import type { ActorSystem } from '../../system/actor-system.js';
import { directorDir } from './director-config.js';
import type { DirectorControl as Control, DirectorControlOptions } from './director-control.js';
import type { RoleAddressResponse } from './director-protocol.js';

export type { DirectorControlOptions } from './director-control.js';

/**
 * The public `DirectorControl`: the same methods, with the Director, its signing and its
 * package code loaded at the first call. The public entry is loaded by every actor process,
 * and a process that never runs a Director command must not pay for them (issue 10).
 */
export class DirectorControl {
  readonly directorDir: string;
  private control: Promise<Control> | undefined;

  constructor(private readonly options: DirectorControlOptions = {}) {
    this.directorDir = directorDir(options.directorDir);
  }

  private get real(): Promise<Control> {
    this.control ??= import('./director-control.js').then((m) => new m.DirectorControl(this.options));
    return this.control;
  }

  /** gensrc GROUP PRIVKEY SRCDIR [version:V|version:date] [tli:FILE] [deps:FILE] GLOB... */
  async gensrc(group: string, privKeyFile: string, srcDir: string, ...args: string[]): Promise<number> {
    return (await this.real).gensrc(group, privKeyFile, srcDir, ...args);
  }

  /** tlsinfo FILE [contents | PATH]: validates against the *_tls.key files, then lists or prints. */
  async tlsinfo(file: string, what?: string): Promise<number> {
    return (await this.real).tlsinfo(file, what);
  }

  /** config: what `start` will use (director.md 2.4.2); 1 when a config file is unusable. */
  async config(): Promise<number> {
    return (await this.real).config();
  }

  /** start: the system from the config files, with the Director; no effect when it runs. */
  async start(): Promise<number> {
    return (await this.real).start();
  }

  /** shutdown: every actor gets ActorExitRequest (no OnDeactivate), then the system stops. */
  async shutdown(): Promise<number> {
    return (await this.real).shutdown();
  }

  /** load GROUP|FILE.tls|FILE.tli: the newest of a group, or that file; starts the system if needed. */
  async load(target: string): Promise<number> {
    return (await this.real).load(target);
  }

  /** unload HASH: OnDeactivate, ActorExitRequest to its actors, then the source is unloaded. */
  async unload(hash: string): Promise<number> {
    return (await this.real).unload(hash);
  }

  /** list: the loaded sources, by group, with their hashes and roles. */
  async list(): Promise<number> {
    return (await this.real).list();
  }

  /** avail: the .tls files in the director dir, by group, newest version first. */
  async avail(): Promise<number> {
    return (await this.real).avail();
  }

  /** refresh: loads the newest .tls of every group unless it is already loaded (director.md 2.7.1). */
  async refresh(): Promise<number> {
    return (await this.real).refresh();
  }

  /** bootstart [NAME] [nostart]: writes a systemd unit running `director refresh` at boot; starts now unless nostart. */
  async bootstart(...args: string[]): Promise<number> {
    return (await this.real).bootstart(...args);
  }

  /**
   * The system the Director runs in, to talk to role actors: joined (TCP/UDP) or the one this
   * control started in-process; undefined when none runs.
   */
  async actorSystem(): Promise<ActorSystem | undefined> {
    return (await this.real).actorSystem();
  }

  /** The active actor of a TLI Role (director.md 2.8); undefined (printed unless silent) when none. */
  async getRoleAddress(role: string, opts: { group?: string; silent?: boolean } = {}): Promise<RoleAddressResponse | undefined> {
    return (await this.real).getRoleAddress(role, opts);
  }
}
