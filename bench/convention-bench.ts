import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { ActorSystem, NoCompatibleSystemForActor, type ActorAddress, type Capabilities } from 'thespian-ts';
import { askRoundTrips } from './ask-timing.js';
import { sparesSettled } from './spares-settled.js';
import { BenchBlaster, BenchCounter, BenchEcho } from './bench-actors.js';
import { FarCounter, FarEcho } from './convention-actors.js';
import type { BenchResult } from './report.js';

/**
 * Issue 13's bench line: a remote ask round trip and one-way actor-to-actor throughput
 * between two multiprocTCPBase systems of a convention (the echo and the counter placed on
 * the member by capability, the asker and the blaster on the leader), next to the same
 * figures inside one system, in the same run; keyless (loopback) and with a 'Convention Key'.
 * Rounds alternate the three setups so drift hits all alike; medians over rounds.
 */
const ROUNDS = Number(process.env.BENCH_CONV_ROUNDS ?? 3);
const ASK_N = Number(process.env.BENCH_CONV_ASK_N ?? 1000);
const ONE_WAY_N = Number(process.env.BENCH_CONV_ONE_WAY_N ?? 50_000);
const PLACE_MS = 30_000;

type Setup = 'in one system' | 'convention, keyless' | 'convention, keyed' | 'convention, keyed, Admin Routing' | 'convention, WebSocket member';
interface Figures {
  askMedian: number;
  askP99: number;
  oneWay: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

const start = (capabilities: Capabilities): Promise<ActorSystem> => ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false, capabilities });

/**
 * Creates `cls` from the leader, retrying while the member has not joined yet; fails the
 * run with what to do when the convention never places it (the wiring is not in).
 */
async function placeOnMember(leader: ActorSystem, member: ActorSystem, cls: typeof FarEcho | typeof FarCounter): Promise<ActorAddress> {
  const deadline = Date.now() + PLACE_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const addr = await leader.createActor(cls);
      const onMember = (await member.status()).actors.some((a) => a.key === addr.key);
      if (!onMember) throw new Error(`convention bench: ${cls.name} was created, but not on the member (its status does not list ${String(addr)}): placement by capability is wrong`);
      return addr;
    } catch (err) {
      if (!(err instanceof NoCompatibleSystemForActor)) throw err;
      last = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(
    `convention bench: the leader could not place ${cls.name} on its member within ${PLACE_MS / 1000} s (last: ${String((last as Error)?.message ?? last)}). ` +
      'This suite needs conventions wired into the multi-process admin (issue 13: membership and remote createActor by capability); run it on a branch that has them.',
    { cause: last },
  );
}

async function measure(asys: ActorSystem, echo: ActorAddress, counter: ActorAddress, blaster: ActorAddress, label: string, systems: ActorSystem[] = [asys]): Promise<Figures> {
  await sparesSettled(systems);
  const rtts = await askRoundTrips(asys, echo, ASK_N, label);
  const oneWay = async (n: number): Promise<number> => {
    if ((await asys.ask(counter, [n, asys.address], 10_000)) !== 'ready') throw new Error(`convention bench (${label}): the counter did not answer`);
    const s = performance.now();
    await asys.tell(blaster, [counter, n]);
    const got = await asys.listen(120_000);
    if (got !== n) throw new Error(`convention bench (${label}): one-way lost messages (${String(got)} of ${n})`);
    return n / ((performance.now() - s) / 1000);
  };
  await oneWay(Math.min(5000, ONE_WAY_N)); // warm-up: links and routes made
  return { askMedian: rtts[Math.floor(rtts.length / 2)]!, askP99: rtts[Math.min(rtts.length - 1, Math.floor(rtts.length * 0.99))]!, oneWay: await oneWay(ONE_WAY_N) };
}

async function inOneSystem(): Promise<Figures> {
  const asys = await start({});
  try {
    return await measure(asys, await asys.createActor(BenchEcho), await asys.createActor(BenchCounter), await asys.createActor(BenchBlaster), 'in one system');
  } finally {
    await asys.shutdown();
  }
}

/**
 * `ws`: the member reaches its leader only over WebSocket (issue 13 item 8), so everything
 * between the two systems goes through both admins and the member's one link (keyed).
 */
async function inConvention(keyed: boolean, ws = false, adminRouting = false): Promise<Figures> {
  const leaderPort = await freePort();
  const wsPort = ws ? await freePort() : 0;
  const key = keyed || ws ? { 'Convention Key': randomBytes(24).toString('hex') } : {};
  const shared: Capabilities = { 'Convention Address.IPv4': `127.0.0.1:${leaderPort}`, ...key, ...(adminRouting ? { 'Admin Routing': true } : {}) };
  const leader = await start({ ...shared, 'Admin Port': leaderPort, ...(ws ? { 'Convention WebSocket Port': wsPort } : {}) });
  let member: ActorSystem | undefined;
  try {
    member = await start({ ...shared, ...(ws ? { 'Convention Address.IPv4': `ws://127.0.0.1:${wsPort}/thespian` } : {}), 'Admin Port': await freePort(), 'Bench Far': true });
    const echo = await placeOnMember(leader, member, FarEcho);
    const counter = await placeOnMember(leader, member, FarCounter);
    return await measure(leader, echo, counter, await leader.createActor(BenchBlaster), ws ? 'WebSocket member' : adminRouting ? 'admin-routed convention' : keyed ? 'keyed convention' : 'keyless convention', [leader, member]);
  } finally {
    await member?.shutdown();
    await leader.shutdown();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runConventionBench(): Promise<BenchResult[]> {
  const runs: [Setup, () => Promise<Figures>][] = [
    ['in one system', inOneSystem],
    ['convention, keyless', () => inConvention(false)],
    ['convention, keyed', () => inConvention(true)],
    ['convention, keyed, Admin Routing', () => inConvention(true, false, true)],
    ['convention, WebSocket member', () => inConvention(true, true)],
  ];
  const samples = new Map<Setup, Figures[]>(runs.map(([s]) => [s, []]));
  for (let i = 0; i < ROUNDS; i++) for (const [setup, run] of runs) samples.get(setup)!.push(await run());
  const pick = (s: Setup, f: keyof Figures): number => median(samples.get(s)!.map((x) => x[f]));
  const results: Partial<BenchResult>[] = [];
  for (const [setup] of runs) {
    results.push({ name: `ask round trip median, ${setup}`, value: pick(setup, 'askMedian'), unit: 'ms', n: ASK_N });
    results.push({ name: `ask round trip p99, ${setup}`, value: pick(setup, 'askP99'), unit: 'ms', n: ASK_N });
    results.push({ name: `one-way actor-to-actor throughput, ${setup}`, value: pick(setup, 'oneWay'), unit: 'msg/s', n: ONE_WAY_N });
  }
  for (const setup of ['convention, keyless', 'convention, keyed', 'convention, keyed, Admin Routing', 'convention, WebSocket member'] as const) {
    results.push({ name: `ask median: ${setup} / in one system`, value: pick(setup, 'askMedian') / pick('in one system', 'askMedian'), unit: 'ratio' });
    results.push({ name: `one-way throughput: ${setup} / in one system`, value: pick(setup, 'oneWay') / pick('in one system', 'oneWay'), unit: 'ratio' });
  }
  results.push({ name: 'ask median: keyed / keyless convention', value: pick('convention, keyed', 'askMedian') / pick('convention, keyless', 'askMedian'), unit: 'ratio' });
  results.push({ name: 'one-way throughput: keyed / keyless convention', value: pick('convention, keyed', 'oneWay') / pick('convention, keyless', 'oneWay'), unit: 'ratio' });
  // A WebSocket member is admin-routed: its fair baseline is a keyed TCP convention with 'Admin Routing'.
  for (const base of ['convention, keyed', 'convention, keyed, Admin Routing'] as const) {
    results.push({ name: `ask median: WebSocket member / ${base}`, value: pick('convention, WebSocket member', 'askMedian') / pick(base, 'askMedian'), unit: 'ratio' });
    results.push({ name: `one-way throughput: WebSocket member / ${base}`, value: pick('convention, WebSocket member', 'oneWay') / pick(base, 'oneWay'), unit: 'ratio' });
  }
  return results as BenchResult[];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runConventionBench();
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) console.log(`${r.name.padEnd(width)}  ${(r.value < 100 ? r.value.toFixed(3) : Math.round(r.value).toString()).padStart(12)}  ${r.unit}`);
}
