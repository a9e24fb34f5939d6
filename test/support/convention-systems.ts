import { ActorSystem, type ActorAddress, type Capabilities, type LogDefs, type SystemStatus } from 'thespian-ts';
import type { Notice } from '../fixtures/convention/membership-actors.js';
import { Registrant } from '../fixtures/convention/membership-actors.js';
import { alive } from './processes.js';
import { eventually } from './systems.js';

/**
 * Several multiprocTCPBase systems on loopback as one convention (spec 4.11), through the
 * public API only. Each admin reads convention timing and THESPLOG_* from the environment it
 * inherits at start (DESIGN.md "Conventions"), so systems start one at a time, each with its
 * own variables set for the length of its start.
 */

export const loopback = (port: number): string => `127.0.0.1:${port}`;

export interface ConventionNode {
  name: string;
  asys: ActorSystem;
  port: number;
  /** The admin's pid (SystemStatus.pid), for kill -9. */
  adminPid: number;
}

export interface NodeOptions {
  name: string;
  /**
   * Admin Port, for a system others must name up front (a leader). Absent, the base binds a
   * port the OS picks (no window for another test to take it, as there is with freePort()).
   */
  port?: number;
  /** 'Convention Address.IPv4': one 'host:port' or a list; none for a system on its own. */
  leaders?: string | string[];
  capabilities?: Capabilities;
  /** Extra environment for this system's admin (timing, THESPLOG_FILE, THESPIAN_CONVENTION_KEY). */
  env?: Record<string, string>;
  logDefs?: LogDefs | false;
}

/** Runs `body` with `vars` in process.env, restoring what was there before. */
export async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function startNode(o: NodeOptions): Promise<ConventionNode> {
  const capabilities: Capabilities = { ...o.capabilities, ...(o.port === undefined ? {} : { 'Admin Port': o.port }) };
  if (o.leaders !== undefined) capabilities['Convention Address.IPv4'] = o.leaders;
  const asys = await withEnv(o.env ?? {}, () =>
    ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: o.logDefs ?? false, capabilities }),
  );
  const st = await asys.status();
  const port = st.capabilities['Admin Port'];
  if (typeof port !== 'number' || (o.port !== undefined && port !== o.port)) {
    await asys.shutdown();
    throw new Error(`${o.name}: the system reports Admin Port ${String(port)}, expected ${o.port ?? 'the port it picked'}`);
  }
  return { name: o.name, asys, port, adminPid: st.pid ?? -1 };
}

/**
 * Shuts every node down; one whose admin was killed (or will not answer) is given 10 s, then
 * its admin process is killed so nothing outlives the test.
 */
export async function stopNodes(nodes: Iterable<ConventionNode | undefined>): Promise<void> {
  for (const n of [...nodes].reverse()) {
    if (!n) continue;
    if (!n.asys.isShutdown) {
      const timer = new Promise<void>((r) => setTimeout(r, 10_000).unref());
      await Promise.race([n.asys.shutdown().catch(() => undefined), timer]);
    }
    if (n.adminPid > 0 && alive(n.adminPid)) process.kill(n.adminPid, 'SIGKILL');
  }
}

/** A Registrant (spec 5.7) on `node`, and ways to read what it saw. */
export interface Watch {
  address: ActorAddress;
  seen(): Promise<Notice[]>;
  /** Polls until `done` holds for the notices seen (or the deadline passes); returns them. */
  until(done: (seen: Notice[]) => boolean, ms?: number): Promise<Notice[]>;
}

export async function watch(node: ConventionNode): Promise<Watch> {
  const address = await node.asys.createActor(Registrant);
  const started = await node.asys.ask(address, 'start', 10_000);
  if (started !== 'started') throw new Error(`the Registrant on ${node.name} did not start (got ${String(started)})`);
  const seen = async (): Promise<Notice[]> => ((await node.asys.ask(address, 'seen', 5000)) as Notice[] | undefined) ?? [];
  return { address, seen, until: (done, ms = 15_000) => eventually(seen, done, ms, 100) };
}

/** Notice summaries for one system: 'joined' / 'updated' / 'left', in order. */
export function history(seen: Notice[], port: number): string[] {
  let present = false;
  return seen
    .filter((n) => n.port === port)
    .map((n) => {
      const kind = !n.added ? 'left' : present ? 'updated' : 'joined';
      present = n.added;
      return kind;
    });
}

export const joined = (seen: Notice[], port: number): boolean => seen.some((n) => n.port === port && n.added);
export const left = (seen: Notice[], port: number): boolean => history(seen, port).at(-1) === 'left';

/** What a system says about its convention (issue 13 item 10). */
export interface ConventionView {
  leader: number | undefined;
  members: { port: number | undefined; capabilities: Capabilities; sinceMs: number | undefined }[];
}

const portIn = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  const text = typeof v === 'string' ? v : (v as { key?: unknown } | null)?.key;
  const m = typeof text === 'string' ? /:(\d+)(?!.*:\d)/.exec(text) : null;
  return m ? Number(m[1]) : undefined;
};

/**
 * The one place that reads the convention out of a SystemStatus, written loosely while the
 * field names settle: a `convention` object (or the status itself) with `leader` and
 * `members`, each member an address (string or ActorAddress) with capabilities and a time
 * since its last check-in (`sinceMs`, or `lastHeardAt`/`lastCheckIn` as a timestamp).
 */
export function conventionOf(status: SystemStatus): ConventionView | undefined {
  const raw = status as unknown as Record<string, unknown>;
  const conv = (raw['convention'] ?? raw) as Record<string, unknown>;
  const members = conv['members'];
  if (!Array.isArray(members)) return undefined;
  const now = Date.now();
  return {
    leader: portIn(conv['leader'] ?? conv['leaderAddress']),
    members: members.map((m: Record<string, unknown>) => {
      const capabilities = (m['capabilities'] ?? m['remoteCapabilities'] ?? {}) as Capabilities;
      const at = m['lastHeardAt'] ?? m['lastCheckIn'];
      const sinceMs = typeof m['sinceMs'] === 'number' ? m['sinceMs'] : typeof at === 'number' ? now - at : undefined;
      const port = typeof capabilities['Admin Port'] === 'number' ? (capabilities['Admin Port'] as number) : portIn(m['address'] ?? m['adminAddress'] ?? m);
      return { port, capabilities, sinceMs };
    }),
  };
}
