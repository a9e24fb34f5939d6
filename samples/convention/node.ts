import { ActorSystem, type ActorAddress, type Capabilities } from 'thespian-ts';
import { Registrar, type RegistrarEvent } from './registrar.js';

/**
 * One system of the sample convention, as a process of its own:
 *
 *   tsx samples/convention/node.ts leader
 *   tsx samples/convention/node.ts north GPU=true
 *   tsx samples/convention/node.ts south Disk=ssd
 *
 * ADMIN_PORT (default 1900) is this system's Admin Port; CONVENTION_LEADER (default
 * 127.0.0.1:1900) the leader's 'host:port'; THESPIAN_BASE_IPADDR the address to listen on;
 * THESPIAN_CONVENTION_KEY, when set, is the key every system of the convention must share.
 * The leader prints a line per worker its registrar placed and per member that left; a member
 * prints one line and runs until SIGINT or SIGTERM, then shuts its system down.
 */
const [role = 'leader', ...extra] = process.argv.slice(2);
const port = Number(process.env.ADMIN_PORT ?? 1900);
const leader = process.env.CONVENTION_LEADER ?? '127.0.0.1:1900';

const capabilities: Capabilities = { 'Admin Port': port, 'Convention Address.IPv4': leader };
if (role !== 'leader') capabilities['Member'] = role;
for (const kv of extra) {
  const [k, v = 'true'] = kv.split('=');
  if (k) capabilities[k] = v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v;
}

const asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false, capabilities });
let stopping = false;
// The admin runs detached; this process stays until told to stop, then shuts its system down.
const keepAlive = setInterval(() => {}, 1 << 30);
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  clearInterval(keepAlive);
  await asys.shutdown();
  console.log(`${role}: shut down`);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

function describe(e: RegistrarEvent): string {
  if (e.kind === 'left') return `${e.member} left the convention (admin ${e.admin})`;
  if (e.kind === 'failed') return `no system would host the worker for ${e.member}`;
  const w = e.worker!;
  return `worker for ${e.member}: runs on ${w.hostname}, pid ${w.pid}, Admin Port ${String(w.adminPort)}, member admin ${e.admin}`;
}

if (role === 'leader') {
  const registrar: ActorAddress = await asys.createActor(Registrar);
  await asys.ask(registrar, 'start', 10_000);
  console.log(`leader: running on Admin Port ${port}, registrar ${String(registrar)} waiting for members`);
  let shown = 0;
  // The registrar keeps its events; the leader process prints the new ones as they come.
  while (!stopping) {
    const events = ((await asys.ask(registrar, 'events', 5000).catch(() => undefined)) as RegistrarEvent[] | undefined) ?? [];
    for (const e of events.slice(shown)) console.log(`leader: ${describe(e)}`);
    shown = Math.max(shown, events.length);
    await new Promise((r) => setTimeout(r, 200));
  }
} else {
  console.log(`${role}: running on Admin Port ${port}, member of the convention led by ${leader}`);
}
