import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { shortDiff } from './diff.js';
import type { GeneratedFile } from './generate.js';

/** The one module of codegen that touches the disk. */

export interface StaleFile {
  path: string;
  diff: string;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes files whose content changed; returns the paths written (unchanged files keep their mtime). */
export async function writeGenerated(files: readonly GeneratedFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const f of files) {
    if ((await readIfExists(f.path)) === f.text) continue;
    await mkdir(path.dirname(f.path), { recursive: true });
    await writeFile(f.path, f.text);
    written.push(f.path);
  }
  return written;
}

/** `--check`: writes nothing, returns each file on disk that differs from what would be generated. */
export async function checkGenerated(files: readonly GeneratedFile[]): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const f of files) {
    const current = await readIfExists(f.path);
    if (current !== f.text) stale.push({ path: f.path, diff: shortDiff(f.text, current) });
  }
  return stale;
}
