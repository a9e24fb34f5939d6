// Creation and memory as an installed application sees them: plain node, the built runtime
// (import 'thespian-ts' resolves to dist/runtime/index.mjs), a JavaScript actor, no tsx anywhere.
// Run by thespian-bench.ts in its own process: node bench/packaged-creation.mjs <base>
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ActorStatus, ActorSystem, StatusRequest } from 'thespian-ts';

const base = process.argv[2] ?? 'multiprocTCPBase';
const spec = `${fileURLToPath(new URL('./js-echo.mjs', import.meta.url))}:JsEcho`;
/** @param {number[]} v */
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
/** @param {number | undefined} pid */
const pss = (pid) => Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1]) / 1024;

/** @param {ActorSystem} asys */
async function poolFull(asys) {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const c = (await asys.status()).counters;
    if (c.bootingSpares === 0 && (c.spareProcesses ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
try {
  const first = await asys.createActor(spec);
  await asys.ask(first, 1, 10_000);
  const single = [];
  for (let i = 0; i < 5; i++) {
    await poolFull(asys);
    const s = performance.now();
    await asys.ask(await asys.createActor(spec), 1, 10_000);
    single.push(performance.now() - s);
  }
  await poolFull(asys);
  const s = performance.now();
  for (let i = 0; i < 10; i++) await asys.ask(await asys.createActor(spec), 1, 10_000);
  const perActor = (performance.now() - s) / 10;
  await new Promise((r) => setTimeout(r, 500));
  const status = await asys.ask(first, new StatusRequest(), 5000);
  if (!(status instanceof ActorStatus)) throw new Error('no ActorStatus');
  const idlePss = pss(status.pid);
  await poolFull(asys);
  const parent = await asys.createActor(spec.replace(/:JsEcho$/, ':JsSpawnParent'));
  const spawnMs = Number(await asys.ask(parent, 50, 300_000));
  process.stdout.write(`${JSON.stringify({ single: median(single), perActor, pss: idlePss, spawnPerSec: 50 / (spawnMs / 1000) })}\n`);
} finally {
  await asys.shutdown();
}
