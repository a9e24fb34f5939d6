import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Real hosts for convention tests (issue 13 "Tests"): N network namespaces, each with one
 * interface `eth0` at 10.231.0.<i+1>/24, joined by a bridge. The bridge and the host ends of
 * the veth pairs live in a hub namespace of the lab's own, so nothing is added to the root
 * namespace (the machine's own network is never touched) and labs never clash.
 * Needs root and iproute2; `NETNS_UNAVAILABLE` says why not, for `describe.skipIf`.
 */
export const LAB_SUBNET = '10.231.0';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe', timeout: 10_000 });
}

function probe(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces need root (run the tests as root to include them)';
  const name = `tsp-probe-${process.pid}`;
  try {
    ip('netns', 'add', name);
    ip('netns', 'del', name);
    return undefined;
  } catch (err) {
    const text = String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim();
    return /ENOENT/.test(String((err as Error).message)) ? 'iproute2 (`ip`) is not installed' : `cannot create a network namespace: ${text}`;
  }
}

/** Undefined when labs can be made here; otherwise the reason tests give for skipping. */
export const NETNS_UNAVAILABLE: string | undefined = probe();

export interface LabHost {
  index: number;
  /** The namespace's name (for `ip netns exec`). */
  ns: string;
  /** Its address on the lab network. */
  address: string;
}

let labs = 0;
const live = new Set<NetnsLab>();
// A test runner that dies or a test that throws past its `finally` still leaves nothing behind.
process.once('exit', () => {
  for (const lab of live) lab.cleanup();
});

export class NetnsLab {
  readonly hosts: LabHost[];
  private readonly hub: string;
  private readonly children = new Set<ChildProcess>();

  private constructor(readonly id: string, count: number) {
    this.hub = `${id}-hub`;
    this.hosts = Array.from({ length: count }, (_, i) => ({ index: i, ns: `${id}-${i}`, address: `${LAB_SUBNET}.${i + 1}` }));
  }

  /** Makes the namespaces, the bridge and the links; on any failure removes what it made. */
  static create(count: number): NetnsLab {
    if (NETNS_UNAVAILABLE) throw new Error(`cannot make a network lab: ${NETNS_UNAVAILABLE}`);
    if (count < 1 || count > 250) throw new Error(`a lab has 1-250 hosts, not ${count}`);
    const lab = new NetnsLab(`tsp-${process.pid}-${++labs}`, count);
    live.add(lab);
    try {
      ip('netns', 'add', lab.hub);
      ip('-n', lab.hub, 'link', 'add', 'br0', 'type', 'bridge');
      ip('-n', lab.hub, 'link', 'set', 'br0', 'up');
      for (const h of lab.hosts) {
        ip('netns', 'add', h.ns);
        ip('-n', lab.hub, 'link', 'add', `v${h.index}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.ns);
        ip('-n', lab.hub, 'link', 'set', `v${h.index}`, 'master', 'br0', 'up');
        ip('-n', h.ns, 'addr', 'add', `${h.address}/24`, 'dev', 'eth0');
        ip('-n', h.ns, 'link', 'set', 'eth0', 'up');
        ip('-n', h.ns, 'link', 'set', 'lo', 'up');
      }
    } catch (err) {
      lab.cleanup();
      throw new Error(`making network lab ${lab.id} failed: ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()}`, { cause: err });
    }
    return lab;
  }

  /** Runs `command` inside host `i`'s namespace; killed at cleanup if still running. */
  exec(i: number, command: string, args: string[] = [], options: SpawnOptions = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.host(i).ns, command, ...args], { stdio: 'pipe', ...options });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Cuts host `i`'s cable at the bridge: its own interface stays up, nothing gets through. */
  cut(i: number): void {
    ip('-n', this.hub, 'link', 'set', `v${this.host(i).index}`, 'down');
  }

  restore(i: number): void {
    ip('-n', this.hub, 'link', 'set', `v${this.host(i).index}`, 'up');
  }

  /** The namespaces this lab holds that still exist (a test can check cleanup). */
  existing(): string[] {
    const listed = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
    const names = new Set(listed.split('\n').map((l) => l.split(' ')[0]));
    return [this.hub, ...this.hosts.map((h) => h.ns)].filter((n) => names.has(n));
  }

  /** Kills what runs inside, deletes every namespace (with them go the links and the bridge). Idempotent. */
  cleanup(): void {
    for (const c of this.children) c.kill('SIGKILL');
    this.children.clear();
    for (const ns of [...this.hosts.map((h) => h.ns), this.hub]) {
      try {
        // Processes still inside a namespace would keep it alive: kill them first.
        const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(/\s+/).filter(Boolean);
        for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
      } catch {
        // not there (never made, or already deleted)
      }
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
    live.delete(this);
  }

  private host(i: number): LabHost {
    const h = this.hosts[i];
    if (!h) throw new Error(`lab ${this.id} has hosts 0-${this.hosts.length - 1}, not ${i}`);
    return h;
  }
}

/** A lab for the length of `body`, removed afterwards whether `body` passes or throws. */
export async function withLab<T>(count: number, body: (lab: NetnsLab) => Promise<T>): Promise<T> {
  const lab = NetnsLab.create(count);
  try {
    return await body(lab);
  } finally {
    lab.cleanup();
  }
}
