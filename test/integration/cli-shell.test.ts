import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorSystem } from 'thespian-ts';
import type { CliIo } from '../../cli/io.js';
import { ShellSession } from '../../cli/shell/session.js';
import { REPO } from './cli-run.js';

/** Runs `thespian shell` as a child process, typing `lines` on its stdin, until it exits. */
function shell(port: number, lines: string[], extra: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(REPO, 'node_modules', '.bin', 'tsx'), [path.join(REPO, 'cli', 'bin.ts'), 'shell', '--port', String(port), ...extra], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1', TSX_TSCONFIG_PATH: path.join(REPO, 'tsconfig.json') },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

/** Issue 12 item 5, after Thespian's thespian.shell (its numbered addresses, ask/tell/listen/kill/status). */
describe("thespian shell (Thespian's thespian.shell) on multiprocTCPBase", () => {
  let asys: ActorSystem;
  let port = 0;
  beforeAll(async () => {
    asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false });
    port = Number((await asys.status()).capabilities['Admin Port']);
  }, 30_000);
  afterAll(async () => {
    await asys.shutdown();
  });

  it('create, ask and tell by global name and #number with JSON, text and registered-class messages, listen, status, kill, exit', async () => {
    const r = await shell(
      port,
      [
        'create test/fixtures/cli/cli-actors.ts:CliParent boss',
        'ask boss "hi"',
        'ask #0 plain words here',
        'ask boss CliGreeting {"name": "you"}',
        'tell boss child',
        'listen 10000',
        'ask #1 {"a": [1, 2]}',
        'status',
        'status #1',
        'kill #1',
        'bogus',
        'ask nobody-by-that-name 1',
        'exit',
        'ask boss "after exit: never run"',
      ],
      ['--load', 'test/fixtures/cli/cli-actors.ts'],
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/loaded .*cli-actors\.ts: .*CliGreeting/);
    expect(r.out).toMatch(/created #0 ActorAddr-\(CliParent\|(\S+~)?name:boss\)/);
    expect(r.out).toContain("answer: 'echo hi'");
    expect(r.out).toContain("answer: 'echo plain words here'");
    expect(r.out).toContain("answer: 'Hello, you'");
    expect(r.out).toMatch(/sent to #0 ActorAddr-\(CliParent\|(\S+~)?name:boss\)/);
    expect(r.out).toMatch(/received: #1 ActorAddr-\(CliLeaf\|(\S+~)?name:boss\/1\)/);
    expect(r.out).toContain('answer: { a: [ 1, 2 ] }');
    expect(r.out).toMatch(/└─ CliParent 'boss' {2}(\S+~)?name:boss {2}pid \d+/);
    expect(r.out).toMatch(/Actor CliLeaf at ActorAddr-\(CliLeaf\|(\S+~)?name:boss\/1\)\n {2}parent: {12}ActorAddr-\((\S+~)?name:boss\)/);
    expect(r.out).toContain('exit request sent to #1');
    expect(r.err).toContain("error SHELL_UNKNOWN_COMMAND: unknown command 'bogus'");
    expect(r.err).toContain("error SHELL_NO_TARGET: 'nobody-by-that-name' is not a known address");
    expect(r.out).not.toContain('never run');
    // The system kept running: the shell only left.
    expect((await asys.status()).globalNames.boss).toBeDefined();
  }, 90_000);

  it('Tab completion offers commands, then known targets, then registered message classes', async () => {
    const session = new ShellSession(asys, { out: () => undefined, err: () => undefined } satisfies CliIo);
    expect(session.complete('st')).toEqual([['status'], 'st']);
    await session.line('status');
    expect(session.complete('ask b')[0]).toContain('boss');
    expect(session.complete('ask #')[0]).toContain('#0');
    await import('../fixtures/cli/cli-actors.js');
    expect(session.complete('tell boss CliG')).toEqual([['CliGreeting'], 'CliG']);
  }, 30_000);
});
