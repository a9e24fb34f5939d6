import { Actor, ActorBase, ActorExitRequest, ActorStatus, LoadedSource, UnloadedSource, WakeupMessage, type ActorAddress } from '../../actor/index.js';
import { DirectorSourceAuthority } from './source-authority.js';
import { isDirectorRequest, type DirectorRequest, type RoleAddressResponse, type SourceEntry } from './director-protocol.js';
import { decodeTls } from './tls-format.js';
import { EMPTY_TLI, parseTli, type Tli, type TliActor } from './tli.js';
import { OnLoadStarts, type StartedActor } from './onload-starts.js';
import { compareVersions } from './versions.js';

const STARTS_TICK = 'director:onload-starts';

interface GroupSource {
  hash: string;
  group: string;
  version: string;
  file: string;
  tli: Tli;
  state: 'Loading' | 'Loaded';
  actors: StartedActor[];
  /** Askers of a Load still waiting for validation. */
  waiting: ActorAddress[];
}

function isAuthorityReady(m: unknown): m is { DirectorResponse: 'AuthorityReady'; DirectorDir: string } {
  return typeof m === 'object' && m !== null && (m as { DirectorResponse?: unknown }).DirectorResponse === 'AuthorityReady' && typeof (m as { DirectorDir?: unknown }).DirectorDir === 'string';
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
  /** The director dir the authority registered with; undefined until it said so. */
  private authorityDir: string | undefined;
  private readonly initializing: ActorAddress[] = [];
  private readonly starts = new OnLoadStarts({
    createActor: (spec, options) => this.createActor(spec, options),
    send: (target, message) => this.send(target, message),
    tick: (ms) => this.wakeupAfter(ms, STARTS_TICK),
    log: (level, message) => this.log(level, message),
  });

  override receiveMessage(message: unknown, sender: ActorAddress): unknown {
    if (message instanceof LoadedSource) this.loaded(message.sourceHash);
    else if (message instanceof ActorStatus) this.starts.status(message);
    else if (message instanceof WakeupMessage && message.payload === STARTS_TICK) this.starts.tick();
    else if (message instanceof UnloadedSource) this.sources.delete(message.sourceHash);
    else if (isAuthorityReady(message) && sender.key === this.authority?.key) this.authorityReady(message.DirectorDir);
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
    if (this.authorityDir === dir) {
      this.send(sender, { DirectorResponse: 'Initialized', Success: true });
      return;
    }
    // Answered once the authority has registered: a load sent before that would be ignored by the system (spec 5.8).
    this.initializing.push(sender);
    this.authority ??= this.createActor(DirectorSourceAuthority);
    this.send(this.authority, { DirectorOp: 'Initialize', DirectorDir: dir });
    this.notifyOnSourceAvailability(true);
  }

  private authorityReady(dir: string): void {
    this.authorityDir = dir;
    for (const w of this.initializing.splice(0)) this.send(w, { DirectorResponse: 'Initialized', Success: true });
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
    this.startActors(s);
  }

  /** The TLI OnLoad (onload-starts.ts); a name a still-loaded version holds is not taken from it. */
  private startActors(s: GroupSource): void {
    const actors = s.tli.actors.map((actor) => {
      const globalName = actor.onLoad?.globalName;
      const holder = globalName ? this.holderOf(globalName) : undefined;
      if (!holder || holder === s) return { actor, ...(globalName ? { globalName } : {}) };
      this.log('warning', `global name '${globalName}' is held by ${holder.group} ${holder.version}'s actor; ${s.version}'s ${actor.spec} starts without it (set AutoUnload to hand names over)`);
      return { actor };
    });
    this.starts.begin(s.hash, actors, (started) => {
      s.actors.push(...started);
      for (const w of s.waiting.splice(0)) this.send(w, this.loadedReply(s, false));
    });
  }

  private holderOf(globalName: string): GroupSource | undefined {
    return [...this.sources.values()].find((o) => o.actors.some((a) => a.globalName === globalName));
  }

  private deactivate(s: GroupSource): void {
    this.sendEach(s, (a) => a.onDeactivate);
  }

  private sendEach(s: GroupSource, pick: (a: TliActor) => { message: unknown } | undefined): void {
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
      if (r.globalName) this.starts.exiting.set(r.globalName, r.identity);
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
