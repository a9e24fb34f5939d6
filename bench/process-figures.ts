import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Proportional set size of a process: its private pages plus its share of shared ones. */
export function pssMiB(pid: number): number {
  const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall time from spawn to exit of `node <args>`: the floor for starting any Node process. */
export async function timeNodeRun(args: string[]): Promise<number> {
  const s = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
  return performance.now() - s;
}

export async function bareNodeSpawnMs(runs = 7): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeNodeRun(['-e', '0']));
  return median(times);
}

/** What each actor process cost before the bundle: node with tsx's loader, doing nothing. */
export async function tsxNodeSpawnMs(runs = 3): Promise<number> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeNodeRun(['--import', tsx, '-e', '0']));
  return median(times);
}

/** PSS of an idle bare Node process (the floor for an idle actor process). */
export async function bareNodePssMiB(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((r) => child.stdout!.once('data', r));
  await new Promise((r) => setTimeout(r, 300));
  const pss = pssMiB(child.pid!);
  child.kill();
  return pss;
}
