// npm run lint: ESLint over the whole repository with eslint.config.js. Its packages live in
// tools/lint/ (see package.json there); they are installed from its lockfile on first use and
// whenever that lockfile changes, so a fresh clone needs nothing but `npm run lint`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const lock = readFileSync(path.join(here, 'package-lock.json'), 'utf8');
const stamp = path.join(here, 'node_modules/.installed-lock');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lock) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: here, stdio: 'inherit' });
  writeFileSync(stamp, lock);
}
const eslint = path.join(here, 'node_modules/eslint/bin/eslint.js');
const result = spawnSync(process.execPath, [eslint, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
