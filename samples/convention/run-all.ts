import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');

/** A port the OS just had free, so the sample never collides with a system already on 1900. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

interface Proc {
  child: ChildProcess;
  lines: string[];
}

function node(role: string, args: string[], env: Record<string, string>, say: (line: string) => void): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'node.ts'), role, ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  const take = (d: Buffer): void => {
    const parts = (partial + String(d)).split('\n');
    partial = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      say(l);
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return { child, lines };
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`convention sample: timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await exited;
}

/**
 * The README's three terminals as one program, on loopback: a leader and two members on
 * ports from the OS, sharing a fresh convention key. Waits until the leader's registrar has
 * a worker on each member, stops the members (each leave is reported at once), then the
 * leader. Returns every line the three processes printed.
 */
export async function runConventionSample(say: (line: string) => void = console.log, timeoutMs = 90_000): Promise<string[]> {
  const [lp, np, sp] = [await freePort(), await freePort(), await freePort()];
  const shared = { CONVENTION_LEADER: `127.0.0.1:${lp}`, THESPIAN_CONVENTION_KEY: randomBytes(24).toString('hex') };
  const leader = node('leader', [], { ...shared, ADMIN_PORT: String(lp) }, say);
  const all = [leader];
  try {
    await until('the leader to start', () => leader.lines.some((l) => l.includes('waiting for members')), timeoutMs);
    all.push(node('north', ['GPU=true'], { ...shared, ADMIN_PORT: String(np) }, say));
    all.push(node('south', ['Disk=ssd'], { ...shared, ADMIN_PORT: String(sp) }, say));
    const workers = (): number => leader.lines.filter((l) => l.startsWith('leader: worker for')).length;
    await until('a worker on each member', () => workers() >= 2, timeoutMs);
    for (const m of all.slice(1)) await stop(m);
    await until('both members to leave', () => leader.lines.filter((l) => l.includes('left the convention')).length >= 2, timeoutMs);
  } finally {
    for (const p of all.reverse()) await stop(p);
  }
  return all.flatMap((p) => p.lines);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runConventionSample();
}
