import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, thespian } from './cli-run.js';

describe('thespian CLI basics', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await thespian(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/thespian generate/);
    expect(r.stdout).toMatch(/thespian new <dir>/);
  });

  it('--version prints the package version', async () => {
    const r = await thespian(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it.each([['generate', '--check'], ['new', '--template']])('%s --help describes its options', async (command, option) => {
    const r = await thespian([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(option);
  });

  it.each([[['launch']], [['generate', '--frobnicate']], [[]], [['generate', '--check', '--watch']]])('usage mistake %j prints usage and exits 2', async (args) => {
    const r = await thespian(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Commands:|Options:/);
  });

  it('a missing tsconfig names the path it looked for and exits 1', async () => {
    const r = await thespian(['generate', '--project', 'no/such/tsconfig.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path.join(REPO, 'no/such/tsconfig.json'));
    expect(r.stderr).toContain('THS011');
  });
});
