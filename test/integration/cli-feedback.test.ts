import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, run, thespian } from './cli-run.js';

// eslint-disable-next-line no-control-regex -- ANSI colour escapes are what these tests look for
const ANSI_COLOUR = /\x1b\[\d+m/;
const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
const bin = path.join(REPO, 'cli', 'bin.ts');

/** Runs the CLI in a pseudo-terminal 100 columns wide (util-linux `script`), as a person at a terminal sees it. */
function inTerminal(args: string, env: NodeJS.ProcessEnv = {}): ReturnType<typeof run> {
  return run('script', ['-qec', `stty cols 100; ${tsx} ${bin} ${args}`, '/dev/null'], REPO, 120_000, { CI: '', NO_COLOR: '', FORCE_COLOR: '', ...env });
}

/** Issue 12 item 6: progress and colour for people at a terminal, plain lines elsewhere, error codes kept. */
describe('CLI feedback: colour, progress, help', () => {
  it.each(['generate', 'new', 'start', 'status', 'logs', 'shell', 'shutdown'])('`%s --help` describes the command and its options (exit 0)', async (command) => {
    const r = await thespian([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`thespian ${command}`);
    expect(r.stdout).toContain('Options:');
  });

  it('piped output has no colour and no spinner; an error keeps its code', async () => {
    const r = await thespian(['status', '--port', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error NO_ADMIN: no multiprocTCPBase admin answers on 127\.0\.0\.1:1/);
    expect(r.stderr + r.stdout).not.toMatch(ANSI_COLOUR);
  });

  it('FORCE_COLOR colours the error prefix without a terminal; NO_COLOR wins over it', async () => {
    const forced = await run(tsx, [bin, 'status', '--port', '1'], REPO, 60_000, { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('\x1b[31merror NO_ADMIN:\x1b[39m no multiprocTCPBase admin answers');
    const both = await run(tsx, [bin, 'status', '--port', '1'], REPO, 60_000, { NO_COLOR: '1', FORCE_COLOR: '1' });
    // (Node itself warns that it ignores NO_COLOR when FORCE_COLOR is set; thespian does the opposite, per no-color.org.)
    const line = both.stderr.split('\n').find((l) => l.includes('NO_ADMIN')) ?? '';
    expect(line).toMatch(/^error NO_ADMIN:/);
    expect(line).not.toMatch(ANSI_COLOUR);
  });

  it.skipIf(!existsSync('/usr/bin/script'))('at a terminal, generate shows a spinner, then a ticked, coloured outcome; NO_COLOR keeps the spinner, drops the colour', async () => {
    const r = await inTerminal('generate --check --project samples/tsconfig.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('thespian generate: scanning samples/tsconfig.json');
    // eslint-disable-next-line no-control-regex -- the green escape around 'up to date' is the point
    expect(r.stdout).toMatch(/✔.*thespian generate: \d+ files scanned, .*\x1b\[32mup to date\x1b\[39m/);
    const plain = await inTerminal('generate --check --project samples/tsconfig.json', { NO_COLOR: '1' });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/✔ thespian generate: \d+ files scanned, .*up to date/);
    expect(plain.stdout).not.toMatch(ANSI_COLOUR);
  }, 120_000);
});
