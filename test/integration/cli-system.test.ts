import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminStatePaths } from '../../framework/bases/multiproc/admin-state.js';
import { runCli } from '../../cli/main.js';
import type { CliIo } from '../../cli/io.js';
import { alive } from '../support/processes.js';

function capture(): CliIo & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), text: () => lines.join('\n') };
}

describe('cli: start, status, shutdown of a TCP admin (spec 9.4)', () => {
  it('starts an admin that outlives the command, reports it, and shuts it down', async () => {
    // A state directory of its own: the shared one keeps other tests' admin logs, one of which may be on this port.
    const saved = process.env.THESPIAN_STATE_DIR;
    const dir = mkdtempSync(join(tmpdir(), 'thespian-cli-state-'));
    process.env.THESPIAN_STATE_DIR = dir;
    try {
      await startStatusShutdown();
    } finally {
      if (saved === undefined) delete process.env.THESPIAN_STATE_DIR;
      else process.env.THESPIAN_STATE_DIR = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  async function startStatusShutdown(): Promise<void> {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const io = capture();
    expect(await runCli(['start', '--port', String(port), '--capability', 'Color="Blue"'], io)).toBe(0);
    const pid = Number(/pid (\d+)/.exec(io.text())![1]);
    expect(alive(pid)).toBe(true);
    expect(existsSync(adminStatePaths('multiprocTCPBase', port).info)).toBe(true);
    const st = capture();
    expect(await runCli(['status', '--port', String(port)], st)).toBe(0);
    expect(st.text()).toMatch(/^multiprocTCPBase admin {2}pid \d+ {2}port \d+ {2}up \d+s/);
    expect(st.text()).toContain('Color=Blue');
    const json = capture();
    expect(await runCli(['status', '--port', String(port), '--json'], json)).toBe(0);
    expect(JSON.parse(json.text()).capabilities['Admin Port']).toBe(port);
    expect(await runCli(['shutdown', '--port', String(port)], capture())).toBe(0);
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
    // Nothing but its start line was logged: an orderly stop leaves no state behind.
    const files = adminStatePaths('multiprocTCPBase', port);
    expect(existsSync(files.info)).toBe(false);
    expect(existsSync(files.log)).toBe(false);
  }

  it('status with no admin on the port says so and how to start one (exit 1)', async () => {
    const io = capture();
    expect(await runCli(['status', '--port', '1'], io)).toBe(1);
    expect(io.text()).toMatch(/NO_ADMIN: no multiprocTCPBase admin answers on 127\.0\.0\.1:1: start one \(thespian start/);
  });

  it('bad arguments are usage errors (exit 2) naming the problem', async () => {
    const io = capture();
    expect(await runCli(['status', '--base', 'simpleSystemBase'], io)).toBe(2);
    expect(io.text()).toMatch(/Invalid values|choices/i);
    const cap = capture();
    expect(await runCli(['start', '--port', '0', '--capability', 'nonsense'], cap)).toBe(1);
    expect(cap.text()).toContain("--capability 'nonsense' is not Name=value");
  });
});
