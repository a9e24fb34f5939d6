import { Actor, ActorBase, ActorExitRequest, LoadedSource, UnloadedSource, WakeupMessage, type ActorAddress } from '../../actor/index.js';
import { DirectorSourceAuthority } from './source-authority.js';
import { isDirectorRequest, type DirectorRequest, type RoleAddressResponse, type SourceEntry } from './director-protocol.js';
import { decodeTls } from './tls-format.js';
import { EMPTY_TLI, parseTli, type Tli, type TliActor } from './tli.js';
import { compareVersions } from './versions.js';

interface RunningActor {
  spec: string;
  role?: string;
  globalName?: string;
  address: ActorAddress;
}

/** How long a new version waits for the superseded one's actors to exit and free their global names. */
const FREE_NAMES_MS = 10_000;
const RETRY_MS = 50;

interface GroupSource {
  hash: string;
  group: string;
  version: string;
  file: string;
  tli: Tli;
  state: 'Loading' | 'Loaded';
  actors: RunningActor[];
  /** Askers of a Load still waiting for validation. */
  waiting: ActorAddress[];
  /** OnLoad actors not started yet (their global name is still held), and until when to wait. */
  toStart?: TliActor[];
  startBy?: number;
}

/**
 * The Director actor (director.md 2.7, 2.8), under globalName 'Director': keeps the loaded
 * sources by group, runs their TLI (OnLoad, OnDeactivate, OnReactivate, AutoUnload) and
 * answers the protocol of director-protocol.ts. Loads go through loadActorSource, so nothing
 * runs before the Source Authority it started has validated the package.
 */
@Actor()
export class DirectorActor extends ActorBase {
  private readonly sources = new Map<string, GroupSource>();
  private readonly active = new Map<string, string>();
  private authority: ActorAddress | undefined;
  /** Global name -> address key of a superseded actor told to exit that may still hold it. */
  private readonly exiting = new Map<string, string>();

  override receiveMessage(message: unknown, sender: ActorAddress): unknown {
    if (message instanceof LoadedSource) this.loaded(message.sourceHash);
    else if (message instanceof WakeupMessage && typeof message.payload === 'string') this.startActors(message.payload);
    else if (message instanceof UnloadedSource) this.sources.delete(message.sourceHash);
    else if (isDirectorRequest(message)) this.request(message, sender);
    return undefined;
  }

  private request(m: DirectorRequest, sender: ActorAddress): void {
    try {
      switch (m.DirectorOp) {
        case 'Initialize':
          return this.initialize(m, sender);
        case 'Load':
          return this.load(m, sender);
        case 'Unload':
          return this.unload(String(m['SourceHash']), sender);
        case 'RetrieveAll':
          return this.send(sender, { DirectorResponse: 'AllSources', Sources: this.entries() });
        case 'RoleAddress':
          return this.send(sender, this.role(String(m['Role']), typeof m['Group'] === 'string' ? m['Group'] : undefined));
        case 'SourceRejected':
          return this.rejected(String(m['SourceHash']), String(m['Reason']));
        default:
          return this.send(sender, { DirectorResponse: 'Error', Success: false, Error: `unknown DirectorOp '${m.DirectorOp}' (see director-protocol.ts)` });
      }
    } catch (err) {
      this.send(sender, { DirectorResponse: 'Error', Success: false, Error: (err as Error).message });
    }
  }

  private initialize(m: DirectorRequest, sender: ActorAddress): void {
    const dir = m['DirectorDir'];
    if (typeof dir !== 'string') throw new Error('Initialize needs DirectorDir (the directory holding the *_tls.key files)');
    this.authority ??= this.createActor(DirectorSourceAuthority);
    this.send(this.authority, { DirectorOp: 'Initialize', DirectorDir: dir });
    this.notifyOnSourceAvailability(true);
    this.send(sender, { DirectorResponse: 'Initialized', Success: true });
  }

  private load(m: DirectorRequest, sender: ActorAddress): void {
    const bytes = m['SourceBytes'];
    if (!(bytes instanceof Uint8Array)) throw new Error('Load needs SourceBytes (the bytes of a .tls file)');
    // Unverified here: it only names the group; nothing runs until the authority validated the signature over it.
    const { header } = decodeTls(bytes);
    const tli = header.tli ? parseTli(JSON.parse(header.tli), `in ${header.group}-${header.version}`) : EMPTY_TLI;
    const hash = this.loadActorSource(bytes);
    const known = this.sources.get(hash);
    if (known?.state === 'Loaded') {
      this.send(sender, this.loadedReply(known, true));
      return;
    }
    if (known) {
      known.waiting.push(sender);
      return;
    }
    const file = typeof m['File'] === 'string' ? m['File'] : '';
    this.sources.set(hash, { hash, group: header.group, version: header.version, file, tli, state: 'Loading', actors: [], waiting: [sender] });
  }

  private loadedReply(s: GroupSource, already: boolean): Record<string, unknown> {
    return { DirectorResponse: 'Loaded', Success: true, SourceHash: s.hash, Group: s.group, Version: s.version, AlreadyLoaded: already };
  }

  private rejected(hash: string, reason: string): void {
    const s = this.sources.get(hash);
    if (!s || s.state !== 'Loading') return;
    this.sources.delete(hash);
    for (const w of s.waiting) this.send(w, { DirectorResponse: 'Loaded', Success: false, SourceHash: hash, Group: s.group, Version: s.version, Error: reason });
  }

  private loaded(hash: string): void {
    const s = this.sources.get(hash);
    if (!s || s.state !== 'Loading') return;
    s.state = 'Loaded';
    const previous = this.sources.get(this.active.get(s.group) ?? '');
    this.active.set(s.group, hash);
    if (previous && previous !== s) {
      this.deactivate(previous);
      if (s.tli.autoUnload) this.stop(previous);
    }
    s.toStart = [...s.tli.actors];
    s.startBy = Date.now() + FREE_NAMES_MS;
    this.startActors(hash);
  }

  /**
   * The TLI OnLoad: each actor created from the source and sent its Message, then the loaders
   * hear back. An actor whose global name a superseded (exiting) actor still holds is retried
   * until the name is free: creating it now would hand us the old actor (spec 4.6).
   */
  private startActors(hash: string): void {
    const s = this.sources.get(hash);
    if (!s || !s.toStart) return;
    const late = Date.now() > (s.startBy ?? 0);
    const wait: TliActor[] = [];
    for (const a of s.toStart) {
      let globalName = a.onLoad?.globalName;
      const holder = globalName ? this.holderOf(globalName) : undefined;
      if (holder && holder !== s) {
        this.log('warning', `global name '${globalName}' is held by ${holder.group} ${holder.version}'s actor; ${s.version}'s ${a.spec} starts without it (set AutoUnload to hand names over)`);
        globalName = undefined;
      }
      const address = this.createActor(a.spec, { sourceHash: hash, ...(globalName ? { globalName } : {}) });
      if (globalName && this.exiting.get(globalName) === address.key) {
        if (!late) {
          wait.push(a);
          continue;
        }
        this.log('warning', `global name '${globalName}' still belongs to a superseded actor after ${FREE_NAMES_MS} ms; ${s.version}'s ${a.spec} was not started`);
        continue;
      }
      if (globalName) this.exiting.delete(globalName);
      s.actors.push({ spec: a.spec, ...(a.onLoad?.role ? { role: a.onLoad.role } : {}), ...(globalName ? { globalName } : {}), address });
      if (a.onLoad?.hasMessage) this.send(address, a.onLoad.message);
    }
    s.toStart = wait;
    if (wait.length) {
      this.wakeupAfter(RETRY_MS, hash);
      return;
    }
    delete s.toStart;
    for (const w of s.waiting.splice(0)) this.send(w, this.loadedReply(s, false));
  }

  private holderOf(globalName: string): GroupSource | undefined {
    return [...this.sources.values()].find((o) => o.actors.some((a) => a.globalName === globalName));
  }

  private deactivate(s: GroupSource): void {
    this.sendEach(s, (a) => a.onDeactivate);
  }

  private sendEach(s: GroupSource, pick: (a: Tli['actors'][number]) => { message: unknown } | undefined): void {
    for (const a of s.tli.actors) {
      const section = pick(a);
      if (!section) continue;
      for (const r of s.actors.filter((x) => x.spec === a.spec)) this.send(r.address, section.message);
    }
  }

  /** ActorExitRequest to its actors and unloadActorSource: running code of other versions is untouched. */
  private stop(s: GroupSource): void {
    for (const r of s.actors) {
      this.send(r.address, new ActorExitRequest());
      if (r.globalName) this.exiting.set(r.globalName, r.address.key);
    }
    this.unloadActorSource(s.hash);
    this.sources.delete(s.hash);
    if (this.active.get(s.group) === s.hash) this.active.delete(s.group);
  }

  private unload(hash: string, sender: ActorAddress): void {
    const s = this.sources.get(hash);
    if (!s) {
      this.send(sender, { DirectorResponse: 'Unloaded', Success: false, SourceHash: hash, Error: `no source with hash ${hash} is loaded by the Director (see 'list')` });
      return;
    }
    const wasActive = this.active.get(s.group) === hash;
    if (wasActive) this.deactivate(s);
    this.stop(s);
    if (wasActive) {
      const older = [...this.sources.values()].filter((o) => o.group === s.group && o.state === 'Loaded').sort((a, b) => compareVersions(b.version, a.version))[0];
      if (older) {
        this.active.set(older.group, older.hash);
        this.sendEach(older, (a) => a.onReactivate);
      }
    }
    this.send(sender, { DirectorResponse: 'Unloaded', Success: true, SourceHash: hash });
  }

  private entries(): SourceEntry[] {
    return [...this.sources.values()].map((s) => ({
      SourceHash: s.hash,
      Group: s.group,
      Version: s.version,
      File: s.file,
      Active: this.active.get(s.group) === s.hash,
      State: s.state,
      Roles: Object.fromEntries(s.actors.filter((a) => a.role).map((a) => [a.role!, a.address])),
    }));
  }

  private role(role: string, group: string | undefined): RoleAddressResponse {
    for (const [g, hash] of [...this.active].sort()) {
      if (group !== undefined && g !== group) continue;
      const s = this.sources.get(hash);
      const hit = s?.actors.find((a) => a.role === role);
      if (s && hit) {
        return { DirectorResponse: 'RoleAddress', ActorAddress: hit.address, Role: role, Group: g, ActorClass: hit.spec, SourceHash: hash, Success: true };
      }
    }
    return { DirectorResponse: 'RoleAddress', ActorAddress: null, Role: role, Group: group ?? null, ActorClass: null, SourceHash: null, Success: false };
  }
}
