import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildSourcePackage, readSourcePackage } from '../../framework/sources/package-format.js';
import { makeManifest } from '../../framework/sources/package-manifest.js';
import { MANIFEST_ENTRY } from '../../framework/sources/package-paths.js';
import { SourcePackageError } from '../../framework/sources/package-errors.js';

const td = new TextDecoder();

/** A zip made by hand with fflate, with a manifest that tells the truth about `files` unless told otherwise. */
function craft(files: Record<string, Uint8Array>, opts: { manifestOf?: Record<string, Uint8Array>; level?: 0 | 6 } = {}): Uint8Array {
  const manifest = makeManifest(new Map(Object.entries(opts.manifestOf ?? files)));
  return zipSync({ [MANIFEST_ENTRY]: strToU8(JSON.stringify(manifest)), ...files }, { level: opts.level ?? 6 });
}

function refusal(bytes: Uint8Array, limits = {}): SourcePackageError {
  try {
    readSourcePackage(bytes, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(SourcePackageError);
    return err as SourcePackageError;
  }
  throw new Error('the package was accepted');
}

/** Offsets of every central-directory record, to forge header fields the way an attacker would. */
function centralRecords(zip: Uint8Array): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (view.getUint32(i, true) === 0x02014b50) out.push(i);
  return out;
}

describe('source package format (spec 6.10 loadable sources, issue 11 item 2)', () => {
  it('6.10 round-trips files with a manifest of paths, sizes and sha256, byte-identical for the same input', async () => {
    const files = { 'b/x.js': 'export const x = 1;\n', 'a.js': "import { x } from './b/x.js';\n", 'bin.dat': new Uint8Array([0, 255, 7]) };
    const zip = await buildSourcePackage(files);
    expect(await buildSourcePackage({ ...files })).toEqual(zip);
    const pkg = readSourcePackage(zip);
    expect([...pkg.files.keys()].sort()).toEqual(['a.js', 'b/x.js', 'bin.dat']);
    expect(td.decode(pkg.files.get('b/x.js'))).toBe('export const x = 1;\n');
    expect(pkg.manifest.files.map((f) => [f.path, f.size])).toEqual([['a.js', 30], ['b/x.js', 20], ['bin.dat', 3]]);
    expect(pkg.manifest.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to build a package with an unsafe path', async () => {
    await expect(buildSourcePackage({ '../evil.js': '' })).rejects.toThrow(/unsafe path: has a '..' segment \(entry "..\/evil.js"\)/);
    await expect(buildSourcePackage({ [MANIFEST_ENTRY]: '{}' })).rejects.toThrow(/reserved for the manifest/);
  });

  it('refuses a traversal entry, an absolute path, a backslash and a drive letter, naming the entry', () => {
    for (const [name, code] of [
      ['../../etc/passwd', 'SOURCE_PATH_TRAVERSAL'],
      ['a/../../x.js', 'SOURCE_PATH_TRAVERSAL'],
      ['/etc/passwd', 'SOURCE_PATH_ABSOLUTE'],
      ['a\\..\\x.js', 'SOURCE_PATH_BACKSLASH'],
      ['C:/x.js', 'SOURCE_PATH_COLON'],
    ] as const) {
      const err = refusal(craft({ [name]: strToU8('x') }));
      expect(err.code, name).toBe(code);
      expect(err.entry).toBe(name);
      expect(err.message).toContain(JSON.stringify(name));
    }
  });

  it('refuses a symlink entry', () => {
    const manifest = makeManifest(new Map([['link.js', strToU8('/etc/passwd')]]));
    const zip = zipSync({
      [MANIFEST_ENTRY]: strToU8(JSON.stringify(manifest)),
      'link.js': [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
    });
    const err = refusal(zip);
    expect(err.code).toBe('SOURCE_SYMLINK');
    expect(err.message).toMatch(/symbolic links are not allowed.*link\.js/);
  });

  it('refuses a crafted zip bomb by its declared size, before inflating it', () => {
    const bomb = craft({ 'zeros.bin': new Uint8Array(4 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(20_000);
    const err = refusal(bomb, { maxEntryBytes: 1024 * 1024 });
    expect(err.code).toBe('SOURCE_ENTRY_TOO_LARGE');
    expect(err.message).toMatch(/unpacks to 4194304 bytes, over the 1048576-byte limit \(entry "zeros.bin"\)/);
    const many = craft(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.js`, strToU8('')])));
    expect(refusal(many, { maxEntries: 10 }).code).toBe('SOURCE_TOO_MANY_ENTRIES');
    const wide = craft(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`f${i}.bin`, new Uint8Array(1000)])));
    expect(refusal(wide, { maxTotalBytes: 3000 }).code).toBe('SOURCE_TOO_LARGE');
  });

  it('refuses a header that claims 2 GiB without allocating it (default limits), and one that understates its size', () => {
    const zip = craft({ 'a.js': strToU8('export const a = 1;'.repeat(50)) });
    const forged = zip.slice();
    const view = new DataView(forged.buffer);
    const rec = centralRecords(forged).at(-1) as number;
    view.setUint32(rec + 24, 0x80000000, true);
    expect(refusal(forged).code).toBe('SOURCE_ENTRY_TOO_LARGE');
    // An entry that inflates past what its header declares stops at the declared size.
    view.setUint32(rec + 24, 10, true);
    expect(refusal(forged).code).toBe('SOURCE_MANIFEST_SIZE');
  });

  it('refuses a manifest that lies: a missing file, an extra file, a wrong size, a wrong hash', () => {
    const a = strToU8('export const a = 1;');
    expect(refusal(craft({}, { manifestOf: { 'a.js': a } })).code).toBe('SOURCE_MANIFEST_MISSING_FILE');
    expect(refusal(craft({ 'a.js': a, 'extra.js': a }, { manifestOf: { 'a.js': a } })).code).toBe('SOURCE_MANIFEST_EXTRA_FILE');
    expect(refusal(craft({ 'a.js': a }, { manifestOf: { 'a.js': strToU8('export const a = 12;') } })).code).toBe('SOURCE_MANIFEST_SIZE');
    const liar = refusal(craft({ 'a.js': a }, { manifestOf: { 'a.js': strToU8('export const a = 2;') } }));
    expect(liar.code).toBe('SOURCE_MANIFEST_HASH');
    expect(liar.message).toMatch(/does not match its sha256 in the manifest \(entry "a.js"\)/);
    expect(refusal(zipSync({ 'a.js': a })).code).toBe('SOURCE_MANIFEST_MISSING');
  });

  it('refuses a package with one flipped byte in a file', async () => {
    const text = 'export const answer = 42; // some text to find';
    const stored = craft({ 'a.js': strToU8(text) }, { level: 0 });
    const at = Buffer.from(stored).indexOf('answer = 42');
    expect(at).toBeGreaterThan(0);
    const flipped = stored.slice();
    flipped[at + 9] = (flipped[at + 9] as number) ^ 0x01;
    expect(refusal(flipped).code).toBe('SOURCE_MANIFEST_HASH');
    const built = await buildSourcePackage({ 'a.js': text.repeat(20) });
    const rec = centralRecords(built).at(-1) as number;
    const dataStart = new DataView(built.buffer).getUint32(rec + 42, true) + 30 + 'a.js'.length;
    const hit = built.slice();
    hit[dataStart + 5] = (hit[dataStart + 5] as number) ^ 0x10;
    expect(['SOURCE_MANIFEST_HASH', 'SOURCE_CORRUPT', 'SOURCE_MANIFEST_SIZE']).toContain(refusal(hit).code);
  });

  it('refuses bytes that are not a zip, and a truncated zip', async () => {
    expect(refusal(strToU8('not a zip at all, just text')).code).toBe('SOURCE_CORRUPT');
    const built = await buildSourcePackage({ 'a.js': 'x' });
    expect(refusal(built.slice(0, built.length - 30)).code).toBe('SOURCE_CORRUPT');
    expect(refusal(new Uint8Array(0)).message).toMatch(/not a readable zip.*buildSourcePackage/);
  });
});
