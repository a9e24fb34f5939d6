import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ActorSystem } from '../../framework/index.js';
import { MANIFEST_ENTRY } from '../../framework/sources/package-paths.js';
import { makeManifest } from '../../framework/sources/package-manifest.js';
import { encodeTls } from '../../framework/sources/director/tls-format.js';
import { signerFromFile } from '../../framework/sources/director/tls-signing.js';
import { validateTls } from '../../framework/sources/director/tls-validate.js';
import { DirectorSourceAuthority } from '../../framework/sources/director/source-authority.js';
import { control, makeKeys, tempDir, writeTree } from './director-support.js';
import { lines } from './logging-support.js';

async function signedPackage(): Promise<{ dir: string; keys: string; priv: string; file: string }> {
  const src = tempDir();
  writeTree(src, { 'main.js': "export const main = 'main';\n" });
  const dir = tempDir();
  const keys = tempDir();
  const priv = makeKeys(keys, dir, 'dev');
  expect(await control(dir).gensrc('app', priv, src, 'version:1', 'main.js')).toBe(0);
  return { dir, keys, priv, file: join(dir, 'app-1.tls') };
}

/** A package signed by the right key whose manifest claims other bytes than the zip holds. */
function lyingPackage(priv: string): Uint8Array {
  const claimed = new Map([['main.js', new TextEncoder().encode("export const main = 'claimed';\n")]]);
  const zip = zipSync({
    [MANIFEST_ENTRY]: new TextEncoder().encode(JSON.stringify(makeManifest(claimed))),
    'main.js': new TextEncoder().encode("export const main = 'actual!';\n"),
  });
  const signer = signerFromFile(priv);
  return encodeTls({ group: 'app', version: '2', created: new Date().toISOString(), tli: null, algorithm: signer.algorithm, keyId: signer.keyId }, zip, signer.sign);
}

describe("the Director's Source Authority (director.md 2.2)", () => {
  it('2.2 accepts a package any current *_tls.key verifies; rejects a flipped byte, an unknown key and a lying manifest, naming the reason', async () => {
    const { dir, keys, priv, file } = await signedPackage();
    const good = readFileSync(file);
    expect(validateTls(good, dir)).toMatchObject({ ok: true, keyFile: join(dir, 'dev_tls.key') });
    const flipped = Buffer.from(good);
    flipped[flipped.length - 40]! ^= 0x01;
    expect(validateTls(flipped, dir)).toMatchObject({ ok: false, reason: expect.stringMatching(/signature \(ed25519\) not verified by any of 1 public key/) });
    const stranger = tempDir();
    const otherPriv = makeKeys(keys, stranger, 'stranger');
    const src = tempDir();
    writeTree(src, { 'main.js': 'x\n' });
    expect(await control(stranger).gensrc('app', otherPriv, src, 'version:9', 'main.js')).toBe(0);
    expect(validateTls(readFileSync(join(stranger, 'app-9.tls')), dir)).toMatchObject({ ok: false, reason: expect.stringMatching(/not verified by any of 1 public key.*signed by an unknown key/) });
    expect(validateTls(lyingPackage(priv), dir)).toMatchObject({ ok: false, reason: expect.stringMatching(/signed by .*dev_tls\.key but the package is invalid: .*main\.js/) });
    expect(validateTls(new TextEncoder().encode('PK\u0003\u0004 a plain zip'), dir)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a \.tls source package/) });
  });

  it('2.2 public keys are read afresh at each validation: a key added later counts, a key removed stops counting', async () => {
    const { dir, file } = await signedPackage();
    renameSync(join(dir, 'dev_tls.key'), join(dir, 'dev.key.off'));
    expect(validateTls(readFileSync(file), dir)).toMatchObject({ ok: false, reason: expect.stringMatching(/no public key \(\*_tls\.key\)/) });
    renameSync(join(dir, 'dev.key.off'), join(dir, 'dev_tls.key'));
    expect(validateTls(readFileSync(file), dir).ok).toBe(true);
    writeFileSync(join(dir, 'junk_tls.key'), 'not a key');
    expect(validateTls(readFileSync(file), dir).ok).toBe(true);
  });

  it('2.2 as the registered authority: a rejected load logs the reason and never becomes a loaded source; a good one loads', async () => {
    const { dir, priv, file } = await signedPackage();
    const logFile = join(tempDir(), 'sa.log');
    const asys = await ActorSystem.start({
      base: 'simpleSystemBase',
      transientUnique: true,
      logDefs: { version: 1, handlers: { f: { class: 'file', filename: logFile } }, root: { level: 'INFO', handlers: ['f'] } },
    });
    try {
      const sa = await asys.createActor(DirectorSourceAuthority);
      expect(await asys.ask(sa, { DirectorOp: 'Initialize', DirectorDir: dir }, 2000)).toMatchObject({ Success: true });
      const flipped = Buffer.from(readFileSync(file));
      flipped[flipped.length - 40]! ^= 0x01;
      const badHash = await asys.loadActorSource(flipped);
      const lieHash = await asys.loadActorSource(lyingPackage(priv));
      const goodHash = await asys.loadActorSource(file);
      const deadline = Date.now() + 5000;
      while (!(await asys.status()).loadedSources.includes(goodHash) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect((await asys.status()).loadedSources).toEqual([goodHash]);
      const log = lines(logFile).join('\n');
      expect(log).toMatch(new RegExp(`source ${badHash}.* rejected by the Director's Source Authority: signature \\(ed25519\\) not verified`));
      expect(log).toMatch(new RegExp(`source ${lieHash}.* rejected by the Director's Source Authority: signed by .* but the package is invalid`));
    } finally {
      await asys.shutdown();
    }
  });
});
