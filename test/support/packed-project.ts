import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What `npm pack` reads, copied aside (node_modules linked): packing builds, and the build
 * replaces dist/, which other tests running at the same time use in this repository.
 */
function stagedCopy(root: string): string {
  const stage = path.join(root, 'stage');
  mkdirSync(stage);
  for (const entry of readdirSync(REPO)) {
    if (['node_modules', 'dist', '.git', 'test', 'bench', 'samples'].includes(entry)) continue;
    cpSync(path.join(REPO, entry), path.join(stage, entry), { recursive: true });
  }
  symlinkSync(path.join(REPO, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  return stage;
}

interface LockEntry {
  dev?: boolean;
  [key: string]: unknown;
}

/**
 * Packs this repository (`npm pack`, which runs `prepare`: the build) and installs the tarball
 * into a new, empty project without the network. A lockfile made from this repository's
 * one (its runtime entries) lets `npm ci --offline` take every dependency from the npm cache,
 * which the repository's own `npm ci` filled: `npm install` would need registry metadata that
 * `npm ci` never downloads.
 */
export function packAndInstall(): { dir: string; tarball: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'thespian-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', root, '--silent'], { cwd: stagedCopy(root), stdio: ['ignore', 'ignore', 'pipe'] });
  const tarball = path.join(root, readdirSync(root).find((f) => f.endsWith('.tgz'))!);
  const dir = path.join(root, 'app');
  mkdirSync(dir);
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const spec = `file:../${path.basename(tarball)}`;
  const packages: Record<string, unknown> = {
    '': { name: 'app', version: '1.0.0', dependencies: { 'thespian-ts': spec } },
    'node_modules/thespian-ts': {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [at, entry] of Object.entries(lock.packages)) if (at && !entry.dev) packages[at] = entry;
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module', dependencies: { 'thespian-ts': spec } }, null, 2));
  writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  return { dir, tarball };
}
