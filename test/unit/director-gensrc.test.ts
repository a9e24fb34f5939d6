import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSourcePackage } from '../../framework/sources/package-format.js';
import { decodeTls } from '../../framework/sources/director/tls-format.js';
import { control, hasOpenssl, makeKeys, opensslKeys, tempDir, writeTree } from './director-support.js';

function project(): { src: string; dir: string; keys: string } {
  const src = tempDir();
  writeTree(src, {
    'main.js': "export const main = 'main';\n",
    'lib/a.js': "export const a = 'a';\n",
    'lib/deep/b.js': "export const b = 'b';\n",
    'notes.txt': 'not code\n',
    'node_modules/leftpad/package.json': '{"name":"leftpad","main":"index.js"}',
    'node_modules/leftpad/index.js': 'module.exports = (s) => s;\n',
    'deps.txt': '# runtime packages\nleftpad\n',
    'app.tli': JSON.stringify({ Actors: { 'main.js:Main': { OnLoad: { Role: 'Main', Message: 'go' } } }, TLS_Keep_Limit: 2 }),
  });
  return { src, dir: tempDir(), keys: tempDir() };
}

describe('director gensrc and tlsinfo (director.md 2.3)', () => {
  it('2.3.3 gensrc writes <dir>/<group>-<V>.tls holding the globbed files (** recurses), the deps and the TLI; tlsinfo validates it', async () => {
    const { src, dir, keys } = project();
    const priv = makeKeys(keys, dir, 'dev');
    const dc = control(dir);
    expect(await dc.gensrc('app', priv, src, 'version:1.2', `tli:${join(src, 'app.tli')}`, `deps:${join(src, 'deps.txt')}`, '**/*.js')).toBe(0);
    const file = join(dir, 'app-1.2.tls');
    expect(existsSync(file)).toBe(true);
    const parts = decodeTls(readFileSync(file));
    expect(parts.header).toMatchObject({ group: 'app', version: '1.2', algorithm: 'ed25519' });
    expect(JSON.parse(parts.header.tli!).TLS_Keep_Limit).toBe(2);
    const pkg = readSourcePackage(parts.zip);
    expect([...pkg.files.keys()].sort()).toEqual(['lib/a.js', 'lib/deep/b.js', 'main.js', 'node_modules/leftpad/index.js', 'node_modules/leftpad/package.json']);
    const info = control(dir);
    expect(await info.tlsinfo(file)).toBe(0);
    expect(info.text()).toBe(`Validated "${file}" loadable with key ${join(dir, 'dev_tls.key')}`);
  });

  it("2.3.5 tlsinfo FILE contents prints '<size> <path>' lines; tlsinfo FILE PATH prints that file's source", async () => {
    const { src, dir, keys } = project();
    const priv = makeKeys(keys, dir, 'dev');
    expect(await control(dir).gensrc('app', priv, src, 'version:3', '*.js', 'lib/a.js')).toBe(0);
    const file = join(dir, 'app-3.tls');
    const contents = control(dir);
    expect(await contents.tlsinfo(file, 'contents')).toBe(0);
    expect(contents.lines).toEqual([`${"export const a = 'a';\n".length} lib/a.js`, `${"export const main = 'main';\n".length} main.js`]);
    const one = control(dir);
    expect(await one.tlsinfo(file, 'lib/a.js')).toBe(0);
    expect(one.text()).toBe("export const a = 'a';\n");
    const missing = control(dir);
    expect(await missing.tlsinfo(file, 'nope.js')).toBe(1);
    expect(missing.text()).toMatch(/holds no file 'nope\.js' \(see: tlsinfo .* contents\)/);
  });

  it('2.3.4 version:date gives a 12-digit YYYYMMDDHHMM version', async () => {
    const { src, dir, keys } = project();
    const priv = makeKeys(keys, dir, 'dev');
    const dc = control(dir);
    expect(await dc.gensrc('app', priv, src, 'version:date', 'main.js')).toBe(0);
    const tls = readdirSync(dir).filter((n) => n.endsWith('.tls'));
    expect(tls).toHaveLength(1);
    expect(tls[0]).toMatch(/^app-\d{12}\.tls$/);
    expect(tls[0]!.slice(4, 8)).toBe(String(new Date().getUTCFullYear()));
  });

  it('2.3.2 keys made by openssl genpkey (Ed25519) and openssl genrsa (RSA) sign packages tlsinfo accepts', async () => {
    if (!hasOpenssl()) throw new Error('this test needs the openssl command (director.md 2.3.2 makes keys with it)');
    const { src, dir, keys } = project();
    const ed = opensslKeys(keys, dir, 'ed', ['genpkey', '-algorithm', 'ed25519']);
    const rsa = opensslKeys(keys, dir, 'rsa', ['genrsa']);
    expect(await control(dir).gensrc('ed', ed, src, 'version:1', 'main.js')).toBe(0);
    expect(await control(dir).gensrc('rsa', rsa, src, 'version:1', 'main.js')).toBe(0);
    const a = control(dir);
    expect(await a.tlsinfo(join(dir, 'ed-1.tls'))).toBe(0);
    expect(a.text()).toContain(`loadable with key ${join(dir, 'ed_tls.key')}`);
    const b = control(dir);
    expect(await b.tlsinfo(join(dir, 'rsa-1.tls'))).toBe(0);
    expect(b.text()).toContain(`loadable with key ${join(dir, 'rsa_tls.key')}`);
    expect(decodeTls(readFileSync(join(dir, 'rsa-1.tls'))).header.algorithm).toBe('rsa-sha256');
  });

  it('2.3.2 node:crypto PKCS#8 keys of every supported kind (Ed25519, RSA, EC P-256) sign; a key only verifies its own kind', async () => {
    const { src, dir, keys } = project();
    for (const kind of ['ed25519', 'rsa', 'ec'] as const) {
      const priv = makeKeys(keys, dir, `k-${kind}`, kind);
      expect(await control(dir).gensrc(kind, priv, src, 'version:1', 'main.js')).toBe(0);
      const info = control(dir);
      expect(await info.tlsinfo(join(dir, `${kind}-1.tls`))).toBe(0);
      expect(info.text()).toContain(`loadable with key ${join(dir, `k-${kind}_tls.key`)}`);
    }
  });

  it('2.3.3 gensrc errors say what is wrong: no matching files, a missing dep, a bad key, a bad TLI', async () => {
    const { src, dir, keys } = project();
    const priv = makeKeys(keys, dir, 'dev');
    const cases: [string[], RegExp][] = [
      [['version:1', '*.py'], /no files under .* match \*\.py/],
      [['version:1', `deps:${join(src, 'nodeps.txt')}`, '*.js'], /cannot read deps file/],
      [['version:1..2', '*.js'], /version '1\.\.2' is not usable/],
    ];
    for (const [args, expected] of cases) {
      const dc = control(dir);
      expect(await dc.gensrc('app', priv, src, ...args)).toBe(1);
      expect(dc.text()).toMatch(expected);
    }
    writeTree(src, { 'bad.tli': '{"Actors": {"main.js:Main": {"OnLod": {}}}}', 'deps2.txt': 'not-installed-here\n' });
    const tli = control(dir);
    expect(await tli.gensrc('app', priv, src, `tli:${join(src, 'bad.tli')}`, '*.js')).toBe(1);
    expect(tli.text()).toMatch(/unknown key "OnLod"/);
    const dep = control(dir);
    expect(await dep.gensrc('app', priv, src, `deps:${join(src, 'deps2.txt')}`, '*.js')).toBe(1);
    expect(dep.text()).toMatch(/package 'not-installed-here' is not installed .*\(npm install not-installed-here\)/);
    const key = control(dir);
    expect(await key.gensrc('app', join(src, 'main.js'), src, '*.js')).toBe(1);
    expect(key.text()).toMatch(/cannot use private key .*main\.js/);
  });

  it('2.3 gensrc reports progress per file, for the CLI progress bar', async () => {
    const { src, dir, keys } = project();
    const priv = makeKeys(keys, dir, 'dev');
    const seen: [number, number][] = [];
    const dc = control(dir, { progress: (done, total) => seen.push([done, total]) });
    expect(await dc.gensrc('app', priv, src, 'version:1', '**/*.js')).toBe(0);
    expect(seen).toEqual([[1, 3], [2, 3], [3, 3]]);
  });
});
