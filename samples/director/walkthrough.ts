import { generateKeyPairSync } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DirectorControl } from 'thespian-ts';

const APP = join(dirname(fileURLToPath(import.meta.url)), 'app');

/** A port the OS just had free, so the sample never collides with a system already on 1900. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The README's steps as a program: keys, gensrc 1.0, start, load, ask the Greeter role,
 * gensrc 1.1, refresh (1.0 paused, 1.1 started), unload 1.1 (1.0 resumed), shutdown.
 * `base` goes in systembase.cfg; returns the answers the role gave.
 */
export async function walkthrough(base: string, say: (line: string) => void = console.log): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'director-sample-'));
  const keys = mkdtempSync(join(tmpdir(), 'director-keys-'));
  const pair = generateKeyPairSync('ed25519');
  writeFileSync(join(keys, 'sample.pem'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'sample_tls.key'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(join(dir, 'systembase.cfg'), JSON.stringify(base));
  if (base !== 'simpleSystemBase') writeFileSync(join(dir, 'adminport.cfg'), String(await freePort()));
  const dc = new DirectorControl({ directorDir: dir, output: say });
  const step = async (what: string, code: Promise<number>): Promise<void> => {
    if ((await code) !== 0) throw new Error(`sample step failed: ${what}`);
  };
  const gensrc = async (version: string): Promise<void> => {
    const src = mkdtempSync(join(tmpdir(), 'director-src-'));
    cpSync(APP, src, { recursive: true });
    writeFileSync(join(src, 'version.js'), `export const VERSION = '${version}';\n`);
    await step(`gensrc ${version}`, dc.gensrc('hello', join(keys, 'sample.pem'), src, `version:${version}`, `tli:${join(src, 'app.tli')}`, '**/*.js'));
  };
  const answers: string[] = [];
  const ask = async (): Promise<void> => {
    const role = await dc.getRoleAddress('Greeter');
    const asys = await dc.actorSystem();
    if (!role?.ActorAddress || !asys) throw new Error('no Greeter role');
    const answer = String(await asys.ask(role.ActorAddress, 'you', 5000));
    say(answer);
    answers.push(answer);
  };
  try {
    await gensrc('1.0');
    await step('tlsinfo', dc.tlsinfo(join(dir, 'hello-1.0.tls')));
    await step('start', dc.start());
    await step('load', dc.load('hello'));
    await ask();
    await gensrc('1.1');
    await step('refresh', dc.refresh());
    await ask();
    const newest = (await dc.getRoleAddress('Greeter'))!.SourceHash!;
    await step('unload', dc.unload(newest));
    await ask();
    await step('list', dc.list());
  } finally {
    await dc.shutdown();
  }
  return answers;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await walkthrough(process.argv[2] ?? 'simpleSystemBase');
}
