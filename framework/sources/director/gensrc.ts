import { existsSync, lstatSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { buildSourcePackage } from '../package-format.js';
import { encodeTls } from './tls-format.js';
import { signerFromFile } from './tls-signing.js';
import { readTliFile } from './tli.js';
import { checkGroup, checkVersion, dateVersion, tlsFileName } from './versions.js';

export interface GensrcRequest {
  group: string;
  privKeyFile: string;
  srcDir: string;
  /** 'version:V', 'version:date', 'tli:FILE', 'deps:FILE' and globs, in any order. */
  args: readonly string[];
  outDir: string;
  /** Called as files are read: a CLI draws a progress bar from it. */
  progress?: (done: number, total: number, file: string) => void;
  now?: Date;
}

export interface GensrcResult {
  file: string;
  version: string;
  fileCount: number;
  bytes: number;
}

interface ParsedArgs {
  version?: string;
  tliFile?: string;
  depsFile?: string;
  globs: string[];
}

export function parseGensrcArgs(args: readonly string[], now: Date): ParsedArgs {
  const out: ParsedArgs = { globs: [] };
  for (const a of args) {
    if (a.startsWith('version:')) out.version = a === 'version:date' ? dateVersion(now) : checkVersion(a.slice(8));
    else if (a.startsWith('tli:')) out.tliFile = a.slice(4);
    else if (a.startsWith('deps:')) out.depsFile = a.slice(5);
    else out.globs.push(a);
  }
  if (out.globs.length === 0) throw new Error("gensrc needs at least one source file or glob (e.g. '**/*.js'), relative to the sources dir");
  return out;
}

/** Package names, one a line (director.md 2.3.3); '#' starts a comment. */
function readDeps(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read deps file ${file}: ${(err as Error).message}`, { cause: err });
  }
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

/** The installed copy of a dependency, looked up like Node does: node_modules of srcDir and above. */
function findInstalled(name: string, srcDir: string): string {
  if (!/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/i.test(name)) throw new Error(`deps: '${name}' is not a package name`);
  for (let dir = srcDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`deps: package '${name}' is not installed in a node_modules at or above ${srcDir}: install it (npm install ${name}) before gensrc`);
}

async function collect(srcDir: string, req: GensrcRequest, parsed: ParsedArgs): Promise<Map<string, string>> {
  // package path -> file on disk
  const files = new Map<string, string>();
  const found = await glob(parsed.globs, { cwd: srcDir, onlyFiles: true, followSymbolicLinks: false, ignore: ['**/node_modules/**'] });
  for (const rel of found.sort()) {
    const abs = join(srcDir, rel);
    if (lstatSync(abs).isSymbolicLink()) throw new Error(`${abs} is a symbolic link: packages hold only plain files (copy the target in)`);
    files.set(rel.split(sep).join('/'), abs);
  }
  if (files.size === 0) throw new Error(`no files under ${srcDir} match ${parsed.globs.join(' ')}`);
  for (const dep of parsed.depsFile ? readDeps(resolve(parsed.depsFile)) : []) {
    const root = findInstalled(dep, srcDir);
    for (const rel of await glob(['**/*'], { cwd: root, onlyFiles: true, followSymbolicLinks: false, dot: false, ignore: ['node_modules/**'] })) {
      files.set(`node_modules/${dep}/${rel.split(sep).join('/')}`, join(root, rel));
    }
  }
  return files;
}

/** director.md 2.3: zip the sources (+ deps, + TLI), sign, write `<outDir>/<group>-<version>.tls`. */
export async function gensrc(req: GensrcRequest): Promise<GensrcResult> {
  const now = req.now ?? new Date();
  const group = checkGroup(req.group);
  const parsed = parseGensrcArgs(req.args, now);
  const srcDir = resolve(req.srcDir);
  if (!existsSync(srcDir) || !statSync(srcDir).isDirectory()) throw new Error(`sources dir ${srcDir} is not a directory`);
  // Read the key first: a wrong key should fail before a long collection.
  const signer = signerFromFile(resolve(req.privKeyFile));
  const tli = parsed.tliFile ? readTliFile(resolve(parsed.tliFile)).text : null;
  const onDisk = await collect(srcDir, req, parsed);
  const contents: Record<string, Uint8Array> = {};
  let done = 0;
  for (const [path, abs] of onDisk) {
    contents[path] = readFileSync(abs);
    req.progress?.(++done, onDisk.size, relative(srcDir, abs));
  }
  const zip = await buildSourcePackage(contents);
  const version = parsed.version ?? '';
  const header = { group, version, created: now.toISOString(), tli, algorithm: signer.algorithm, keyId: signer.keyId };
  const tls = encodeTls(header, zip, signer.sign);
  const file = join(resolve(req.outDir), tlsFileName(group, parsed.version));
  writeFileSync(file, tls);
  return { file, version, fileCount: onDisk.size, bytes: tls.length };
}
