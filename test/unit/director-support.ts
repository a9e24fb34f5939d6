import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// Through the public entry, as users do: it registers the system bases DirectorControl starts.
import { DirectorControl } from '../../framework/index.js';

export function tempDir(prefix = 'thespian-director-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A key pair as openssl writes it: PKCS#8 private `<name>.pem`, SPKI public `<name>_tls.key` in `pubDir`. */
export function makeKeys(keyDir: string, pubDir: string, name: string, kind: 'ed25519' | 'rsa' | 'ec' = 'ed25519'): string {
  const priv = join(keyDir, `${name}.pem`);
  const pair =
    kind === 'ed25519' ? generateKeyPairSync('ed25519') : kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(priv, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(pubDir, `${name}_tls.key`), pair.publicKey.export({ type: 'spki', format: 'pem' }));
  return priv;
}

/** The same with the openssl command line (director.md 2.3.2), when the machine has it. */
export function opensslKeys(keyDir: string, pubDir: string, name: string, genArgs: string[]): string {
  const priv = join(keyDir, `${name}.pem`);
  // genrsa takes its key size after the options, so '-out' goes right after the subcommand.
  execFileSync('openssl', [genArgs[0]!, '-out', priv, ...genArgs.slice(1)], { stdio: 'ignore' });
  execFileSync('openssl', ['pkey', '-in', priv, '-pubout', '-out', join(pubDir, `${name}_tls.key`)], { stdio: 'ignore' });
  return priv;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** A DirectorControl whose printed lines the test reads. */
export function control(dir: string, extra: Partial<ConstructorParameters<typeof DirectorControl>[0]> = {}): DirectorControl & { lines: string[]; text(): string } {
  const lines: string[] = [];
  const dc = new DirectorControl({ directorDir: dir, output: (t) => lines.push(t), ...extra }) as DirectorControl & { lines: string[]; text(): string };
  dc.lines = lines;
  dc.text = () => lines.join('\n');
  return dc;
}
