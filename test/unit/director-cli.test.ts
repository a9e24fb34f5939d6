import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import type { CliIo } from '../../cli/io.js';
import { makeKeys, tempDir, writeTree } from './director-support.js';

function capture(): CliIo & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), text: () => lines.join('\n') };
}

const SUBCOMMANDS = ['gensrc', 'tlsinfo', 'config', 'start', 'shutdown', 'load', 'unload', 'list', 'avail', 'refresh', 'bootstart'];

describe('thespian director (director.md 2.1)', () => {
  it('2.1 director --help lists every command, and every command answers --help', async () => {
    const top = capture();
    // No subcommand is a usage mistake (2); the usage printed with it lists every command. An unknown subcommand would make --help a usage mistake too (strict).
    expect(await runCli(['director'], top)).toBe(2);
    for (const sub of SUBCOMMANDS) expect(top.text()).toContain(`thespian director ${sub}`);
    for (const sub of SUBCOMMANDS) {
      const io = capture();
      expect(await runCli(['director', sub, '--help'], io), sub).toBe(0);
    }
  });

  it('2.3 gensrc, tlsinfo and avail from the command line, exit 1 with the reason when a package does not verify', async () => {
    const dir = tempDir();
    const src = tempDir();
    writeTree(src, { 'a.js': 'export const a = 1;\n', 'sub/b.js': 'export const b = 2;\n' });
    const priv = makeKeys(tempDir(), dir, 'dev');
    const gen = capture();
    expect(await runCli(['director', '--dir', dir, 'gensrc', 'app', priv, src, 'version:2.0', '**/*.js'], gen)).toBe(0);
    expect(gen.text()).toMatch(/^Generated .*app-2\.0\.tls \(2 files, \d+ bytes, version 2\.0\)$/);
    const info = capture();
    expect(await runCli(['director', '--dir', dir, 'tlsinfo', join(dir, 'app-2.0.tls'), 'contents'], info)).toBe(0);
    expect(info.text()).toBe('20 a.js\n20 sub/b.js');
    const avail = capture();
    expect(await runCli(['director', '--dir', dir, 'avail'], avail)).toBe(0);
    expect(avail.text()).toMatch(/^app:\n {3}2\.0 {2}[0-9a-f]{32} {2}.*app-2\.0\.tls$/);
    const other = tempDir();
    makeKeys(tempDir(), other, 'stranger');
    const bad = capture();
    expect(await runCli(['director', '--dir', other, 'tlsinfo', join(dir, 'app-2.0.tls')], bad)).toBe(1);
    expect(bad.text()).toMatch(/ERROR: .*is not loadable: signature \(ed25519\) not verified by any of 1 public key/);
  });
});
