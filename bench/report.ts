import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchResult {
  group: string;
  name: string;
  value: number;
  unit: string;
  n?: number;
}

function fmt(v: number, unit: string): string {
  if (unit === 'ratio') return `${v.toFixed(2)}x`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)} k`;
  return v >= 100 ? v.toFixed(0) : v.toFixed(3);
}

/** A markdown table on stdout, and bench/results/latest.json for tools. */
export function report(results: BenchResult[]): string {
  const lines = ['| group | measure | value | unit | N |', '|---|---|---:|---|---:|'];
  for (const r of results) lines.push(`| ${r.group} | ${r.name} | ${fmt(r.value, r.unit)} | ${r.unit} | ${r.n ?? ''} |`);
  const table = lines.join('\n');
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const meta = { date: new Date().toISOString(), node: process.version, cpus: (cpuCount()) };
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ ...meta, results }, null, 2) + '\n');
  writeFileSync(join(dir, 'latest.md'), table + '\n');
  return table;
}

function cpuCount(): number {
  return Number(process.env.BENCH_CPUS ?? 0) || (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency || 0;
}
