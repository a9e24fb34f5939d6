import { existsSync } from 'node:fs';
import { report, type BenchResult } from './report.js';
import { runSimpleBench } from './simple-bench.js';

/**
 * `npm run bench`: every suite in one run, so ratios compare figures taken on the same
 * machine at the same time. `BENCH_ONLY=simple,transport` picks suites. `acks` prices delivery
 * acknowledgements against the same system with THESPIAN_BENCH_NO_ACKS=1 (a bench-only knob,
 * see framework/transport/acks.ts).
 */
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const want = (name: string) => only.length === 0 || only.includes(name);

const suites: [string, string, string][] = [
  ['transport', './transport-bench.js', 'runTransportBench'],
  ['auth', './auth-bench.js', 'runAuthBench'],
  ['ws', './ws-bench.js', 'runWsBench'],
  ['tls', './tls-bench.js', 'runTlsBench'],
  ['codegen', './codegen-bench.js', 'runCodegenBench'],
  ['dto', './dto-bench.js', 'runDtoBench'],
  ['multiproc', './multiproc-bench.js', 'runMultiprocBench'],
  ['thespian', './thespian-bench.js', 'runThespianBench'],
  ['pooled', './pooled-bench.js', 'runPooledBench'],
  ['exit', './exit-bench.js', 'runExitBench'],
  ['troupe', './troupe-bench.js', 'runTroupeBench'],
  ['acks', './ack-bench.js', 'runAckBench'],
  ['convention', './convention-bench.js', 'runConventionBench'],
];

const results: BenchResult[] = [];
if (want('simple')) {
  console.error('bench: simpleSystemBase ...');
  results.push(...(await runSimpleBench()));
}
for (const [name, module, fn] of suites) {
  if (!want(name)) continue;
  if (!existsSync(new URL(module.replace('.js', '.ts'), import.meta.url))) continue;
  console.error(`bench: ${name} ...`);
  const mod = (await import(module)) as Record<string, () => Promise<Partial<BenchResult>[]>>;
  for (const r of await mod[fn]!()) results.push({ group: name, name: '?', value: 0, unit: '', ...r } as BenchResult);
}
console.log(report(results));
