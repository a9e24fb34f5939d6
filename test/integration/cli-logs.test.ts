import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorSystem } from 'thespian-ts';
import { runCli } from '../../cli/main.js';
import type { CliIo } from '../../cli/io.js';
import { CliParent } from '../fixtures/cli/cli-actors.js';
import { alive, freePort, until } from '../support/processes.js';
import { REPO } from './cli-run.js';

function capture(): CliIo & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), text: () => lines.join('\n') };
}

/**
 * Issue 12 item 3: the detached admin's log is a file next to its state (THESPIAN_STATE_DIR),
 * holding its own lines and the WARNING+ records of its actors; `thespian logs` shows it,
 * `--follow` keeps showing it, THESPLOG_FILE_MAXSIZE rotates it; `start` says started or found.
 */
describe('4.13.3 the detached admin logs to a file that `thespian logs` shows', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'thespian-state-'));
  let port = 0;
  let portArgs: string[] = [];
  let pid = 0;
  let asys: ActorSystem | undefined;

  beforeAll(async () => {
    port = await freePort();
    portArgs = ['--port', String(port)];
    // Inherited by the admin this file starts: a private state folder and a small log, to see rotation.
    process.env.THESPIAN_STATE_DIR = stateDir;
    process.env.THESPLOG_FILE_MAXSIZE = '3000';
  });
  afterAll(async () => {
    await asys?.shutdown().catch(() => undefined);
    await runCli(['shutdown', ...portArgs], capture());
    delete process.env.THESPIAN_STATE_DIR;
    delete process.env.THESPLOG_FILE_MAXSIZE;
  });

  it('9.4 start says whether it started an admin or found one, and where it logs', async () => {
    const first = capture();
    expect(await runCli(['start', ...portArgs], first)).toBe(0);
    expect(first.text()).toMatch(new RegExp(`^started multiprocTCPBase admin on port ${port}, pid \\d+`));
    expect(first.text()).toContain(`log: ${path.join(stateDir, `multiprocTCPBase-${port}.log`)}`);
    pid = Number(/pid (\d+)/.exec(first.text())![1]);
    const again = capture();
    expect(await runCli(['start', ...portArgs], again)).toBe(0);
    expect(again.text()).toMatch(new RegExp(`^found multiprocTCPBase admin on port ${port}, pid ${pid} since \\d{4}-`));
    const state = JSON.parse(readFileSync(path.join(stateDir, `multiprocTCPBase-${port}.json`), 'utf8')) as { pid: number };
    expect(state.pid).toBe(pid);
  }, 60_000);

  it("4.13.3 a throwing actor's WARNING and ERROR records reach the admin's log, shown by `thespian logs`", async () => {
    asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false, capabilities: { 'Admin Port': port } });
    const parent = await asys.createActor(CliParent);
    await asys.ask(parent, 'boom', 10_000); // the PoisonMessage
    const logs = capture();
    const seen = await until(() => {
      const io = capture();
      void runCli(['logs', ...portArgs], io).then(() => logs.out(io.text()));
      return /ERROR .*cli-fixture boom/.test(logs.text());
    }, 10_000);
    expect(seen, logs.text()).toBe(true);
    expect(logs.text()).toMatch(/INFO admin: multiprocTCPBase admin started on port/);
    expect(logs.text()).toMatch(/WARNING .*CliParent.*cli-fixture boom/);
  }, 60_000);

  it('4.13.3 logs --follow prints lines written after it started, across a THESPLOG_FILE_MAXSIZE rotation', async () => {
    const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [path.join(REPO, 'cli', 'bin.ts'), 'logs', '--follow', '--lines', '0', ...portArgs], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1', TSX_TSCONFIG_PATH: path.join(REPO, 'tsconfig.json') },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      expect(await until(() => err.includes('.log'), 20_000), err).toBe(true);
      expect(out).toBe('');
      const parent = await asys!.createActor(CliParent);
      // Each boom writes two records of ~200 bytes: enough of them pass the 3000-byte limit.
      for (let i = 0; i < 10; i++) await asys!.ask(parent, 'boom', 10_000);
      // The records reach the admin's log after the asks are answered: wait for the rotation.
      expect(await until(() => existsSync(path.join(stateDir, `multiprocTCPBase-${port}.log.old`)), 10_000)).toBe(true);
      expect(await until(() => (out.match(/cli-fixture boom/g) ?? []).length >= 20, 10_000), out).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    expect(await until(() => child.exitCode !== null, 10_000)).toBe(true);
    expect(child.exitCode).toBe(0);
  }, 90_000);

  it('shutdown stops the admin and removes its state file; the log stays for reading afterwards', async () => {
    await asys?.shutdown();
    asys = undefined;
    expect(await until(() => !alive(pid), 10_000)).toBe(true);
    expect(existsSync(path.join(stateDir, `multiprocTCPBase-${port}.json`))).toBe(false);
    const io = capture();
    expect(await runCli(['logs', ...portArgs], io)).toBe(0);
    expect(io.text()).toContain('cli-fixture boom');
  }, 30_000);
});
