import { existsSync, readFileSync } from 'node:fs';
import type { ActorSystem } from '../../system/actor-system.js';
import { basename, resolve } from 'node:path';
import { newestPerGroup, pruneGroup, readCatalog, readTls, type AvailableSource } from './catalog.js';
import { DEFAULT_SERVICE_NAME, DEFAULT_SYSTEMD_DIR, systemdUnit, thisThespianCommand, writeSystemdUnit } from './bootstart.js';
import { DirectorConnection } from './director-connection.js';
import { directorDir } from './director-config.js';
import { availLines, configLines, listLines } from './director-report.js';
import type { RoleAddressResponse, SourceEntry } from './director-protocol.js';
import { gensrc } from './gensrc.js';
import { parseTli } from './tli.js';
import { validateTls } from './tls-validate.js';

export interface DirectorControlOptions {
  /** Default: THESPIAN_DIRECTOR_DIR, else /opt/thespian/director. */
  directorDir?: string;
  /** Every line a command prints (default: stdout). */
  output?: (text: string) => void;
  /** gensrc: called per file read, for a progress bar. */
  progress?: (done: number, total: number, file: string) => void;
  /** bootstart: where unit files go (default /etc/systemd/system). */
  systemdDir?: string;
  /** bootstart: the command the unit runs (default: how this process ran `thespian`). */
  thespianCommand?: string;
  /** How long load/unload/list wait for the Director (default 30 s). */
  timeoutMs?: number;
}

type Reply = Record<string, unknown> & { Success?: boolean; Error?: string };

/**
 * The Director's commands as methods (director.md 2.8): each prints through `output` and
 * resolves to an exit code, 0 on success. A TCP/UDP system stays up after the control is
 * gone; `shutdown` stops it.
 */
export class DirectorControl {
  readonly directorDir: string;
  private readonly out: (text: string) => void;
  private readonly conn: DirectorConnection;

  constructor(private readonly options: DirectorControlOptions = {}) {
    this.directorDir = directorDir(options.directorDir);
    this.out = options.output ?? ((t) => void process.stdout.write(`${t}\n`));
    this.conn = new DirectorConnection(this.directorDir);
  }

  private fail(text: string): number {
    this.out(`ERROR: ${text}`);
    return 1;
  }

  private async guard(what: string, work: () => Promise<number>): Promise<number> {
    try {
      return await work();
    } catch (err) {
      return this.fail(`${what}: ${(err as Error).message}`);
    }
  }

  /** gensrc GROUP PRIVKEY SRCDIR [version:V|version:date] [tli:FILE] [deps:FILE] GLOB... */
  async gensrc(group: string, privKeyFile: string, srcDir: string, ...args: string[]): Promise<number> {
    return this.guard('gensrc', async () => {
      const r = await gensrc({ group, privKeyFile, srcDir, args, outDir: this.directorDir, ...(this.options.progress ? { progress: this.options.progress } : {}) });
      this.out(`Generated ${r.file} (${r.fileCount} files, ${r.bytes} bytes, version ${r.version || '(none)'})`);
      return 0;
    });
  }

  /** tlsinfo FILE [contents | PATH]: validates against the *_tls.key files, then lists or prints. */
  async tlsinfo(file: string, what?: string): Promise<number> {
    return this.guard('tlsinfo', async () => {
      const path = resolve(file);
      const v = validateTls(readFileSync(path), this.directorDir);
      if (!v.ok) return this.fail(`"${path}" is not loadable: ${v.reason}`);
      if (what === undefined) this.out(`Validated "${path}" loadable with key ${v.keyFile}`);
      else if (what === 'contents') for (const [p, bytes] of v.pkg.files) this.out(`${bytes.length} ${p}`);
      else {
        const bytes = v.pkg.files.get(what);
        if (!bytes) return this.fail(`"${path}" holds no file '${what}' (see: tlsinfo ${file} contents)`);
        this.out(Buffer.from(bytes).toString('utf8'));
      }
      return 0;
    });
  }

  /** config: what `start` will use (director.md 2.4.2); 1 when a config file is unusable. */
  async config(): Promise<number> {
    const cfg = this.conn.config();
    for (const l of configLines(cfg)) this.out(l);
    return cfg.problems.length ? 1 : 0;
  }

  /** start: the system from the config files, with the Director; no effect when it runs. */
  async start(): Promise<number> {
    return this.guard('start', async () => {
      const { asys, started } = await this.conn.ensure();
      const st = await asys.status();
      this.out(`${started ? 'Started' : 'Already running:'} ${asys.baseName}${st.capabilities['Admin Port'] !== undefined ? ` on Admin Port ${st.capabilities['Admin Port']}` : ''} with the Director`);
      return 0;
    });
  }

  /** shutdown: every actor gets ActorExitRequest (no OnDeactivate), then the system stops. */
  async shutdown(): Promise<number> {
    return this.guard('shutdown', async () => {
      if (!(await this.conn.shutdown())) return this.fail('no Thespian system is running (nothing to shut down)');
      this.out('Thespian system shut down');
      return 0;
    });
  }

  private pick(target: string): AvailableSource {
    const asFile = resolve(this.directorDir, target);
    if (target.endsWith('.tls') || (existsSync(asFile) && !target.endsWith('.tli'))) return readTls(existsSync(asFile) ? asFile : resolve(target)).source;
    const group = target.endsWith('.tli') ? basename(target, '.tli') : target;
    const catalog = readCatalog(this.directorDir);
    const newest = newestPerGroup(catalog).find((s) => s.group === group);
    if (!newest) throw new Error(`no .tls of group '${group}' in ${this.directorDir} (groups: ${newestPerGroup(catalog).map((s) => s.group).join(', ') || 'none'})`);
    return newest;
  }

  private async ask(message: Record<string, unknown>): Promise<Reply> {
    const { asys, director } = await this.conn.ensure();
    const ms = this.options.timeoutMs ?? 30_000;
    const r = (await asys.ask(director, message, ms)) as Reply | undefined;
    if (r === undefined) throw new Error(`the Director did not answer ${String(message['DirectorOp'])} within ${ms} ms`);
    return r;
  }

  private async loadOne(s: AvailableSource): Promise<number> {
    const r = await this.ask({ DirectorOp: 'Load', SourceBytes: readFileSync(s.file), File: s.file });
    if (!r.Success) return this.fail(`load of "${s.group}" ${s.file} rejected: ${r.Error ?? JSON.stringify(r)}`);
    this.out(`${r['AlreadyLoaded'] ? 'Already loaded' : 'Loaded'} "${s.group}" ${s.file}: ${String(r['SourceHash'])}`);
    const limit = s.header.tli ? parseTli(JSON.parse(s.header.tli), s.file).tlsKeepLimit : undefined;
    if (limit !== undefined) for (const f of pruneGroup(this.directorDir, s.group, limit, new Set([s.file]))) this.out(`Removed ${f} (TLS_Keep_Limit ${limit})`);
    return 0;
  }

  /** load GROUP|FILE.tls|FILE.tli: the newest of a group, or that file; starts the system if needed. */
  async load(target: string): Promise<number> {
    return this.guard('load', async () => this.loadOne(this.pick(target)));
  }

  /** unload HASH: OnDeactivate, ActorExitRequest to its actors, then the source is unloaded. */
  async unload(hash: string): Promise<number> {
    return this.guard('unload', async () => {
      const r = await this.ask({ DirectorOp: 'Unload', SourceHash: hash });
      if (!r.Success) return this.fail(r.Error ?? `unload of ${hash} failed`);
      this.out(`Unloaded ${hash}`);
      return 0;
    });
  }

  private async entries(): Promise<SourceEntry[] | undefined> {
    const asys = await this.conn.join();
    if (!asys) return undefined;
    const r = await this.ask({ DirectorOp: 'RetrieveAll' });
    return (r['Sources'] as SourceEntry[] | undefined) ?? [];
  }

  /** list: the loaded sources, by group, with their hashes and roles. */
  async list(): Promise<number> {
    return this.guard('list', async () => {
      const entries = await this.entries();
      if (!entries) return this.fail('no Thespian system is running (start it with: thespian director start)');
      for (const l of listLines(entries)) this.out(l);
      return 0;
    });
  }

  /** avail: the .tls files in the director dir, by group, newest version first. */
  async avail(): Promise<number> {
    const catalog = readCatalog(this.directorDir);
    for (const l of availLines(catalog)) this.out(l);
    return catalog.unreadable.length ? 1 : 0;
  }

  /** refresh: loads the newest .tls of every group unless it is already loaded (director.md 2.7.1). */
  async refresh(): Promise<number> {
    return this.guard('refresh', async () => {
      const newest = newestPerGroup(readCatalog(this.directorDir));
      await this.conn.ensure();
      const loaded = new Set(((await this.entries()) ?? []).map((e) => e.SourceHash));
      let code = 0;
      for (const s of newest) {
        if (loaded.has(s.hash)) this.out(`Current "${s.group}" ${s.file}: ${s.hash}`);
        else code = Math.max(code, await this.loadOne(s));
      }
      if (newest.length === 0) this.out(`no .tls sources in ${this.directorDir}`);
      return code;
    });
  }

  /** bootstart [NAME] [nostart]: writes a systemd unit running `director refresh` at boot; starts now unless nostart. */
  async bootstart(...args: string[]): Promise<number> {
    return this.guard('bootstart', async () => {
      const nostart = args.includes('nostart');
      const name = args.find((a) => a !== 'nostart') ?? DEFAULT_SERVICE_NAME;
      const command = this.options.thespianCommand ?? thisThespianCommand();
      const file = writeSystemdUnit(this.options.systemdDir ?? DEFAULT_SYSTEMD_DIR, name, systemdUnit({ name, directorDir: this.directorDir, command }));
      this.out(`Wrote ${file}; enable it at boot with: systemctl daemon-reload && systemctl enable ${name}`);
      return nostart ? 0 : this.start();
    });
  }

  /**
   * The system the Director runs in, to talk to role actors: joined (TCP/UDP) or the one this
   * control started in-process; undefined when none runs.
   */
  async actorSystem(): Promise<ActorSystem | undefined> {
    return this.conn.join();
  }

  /** The active actor of a TLI Role (director.md 2.8); undefined (printed unless silent) when none. */
  async getRoleAddress(role: string, opts: { group?: string; silent?: boolean } = {}): Promise<RoleAddressResponse | undefined> {
    try {
      const asys = await this.conn.join();
      if (!asys) throw new Error('no Thespian system is running');
      const r = (await this.ask({ DirectorOp: 'RoleAddress', Role: role, ...(opts.group !== undefined ? { Group: opts.group } : {}) })) as unknown as RoleAddressResponse;
      if (r.Success) return r;
      if (!opts.silent) this.out(`RoleAddress ERROR: ${JSON.stringify(r)}`);
    } catch (err) {
      if (!opts.silent) this.out(`RoleAddress ERROR: ${(err as Error).message}`);
    }
    return undefined;
  }
}
