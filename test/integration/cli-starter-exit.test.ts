import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import type { CliIo } from '../../cli/io.js';
import { REPO, run } from './cli-run.js';
import { alive, freePort } from '../support/processes.js';

function capture(): CliIo & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), text: () => lines.join('\n') };
}

const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
const script = path.join(REPO, 'test', 'fixtures', 'cli', 'starter-without-shutdown.ts');
const withShutdown = path.join(REPO, 'test', 'fixtures', 'cli', 'starter-with-shutdown.ts');

describe.each(['multiprocTCPBase', 'multiprocUDPBase'])('9.4 a starter that never calls shutdown() on %s', (base) => {
  let port = 0;
  afterEach(async () => {
    if (port) await runCli(['shutdown', '--base', base, '--port', String(port)], capture());
  });

  it('9.4 exits by itself when its work is done; the admin keeps running with its actors (as in Thespian)', async () => {
    port = await freePort();
    // run() kills the child at its timeout: a hang shows up as code null, not as a stuck test.
    const r = await run(tsx, [script, base, String(port)], REPO, 30_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reply: echo hi');
    expect(r.stdout).toContain('work done');
    // The last tell left before the script ended: the parent created its child.
    let st: { actorCount: number; pid: number } = { actorCount: 0, pid: 0 };
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      const io = capture();
      expect(await runCli(['status', '--base', base, '--port', String(port), '--json'], io)).toBe(0);
      st = JSON.parse(io.text()) as typeof st;
      if (st.actorCount === 2) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(st.actorCount).toBe(2);
    expect(alive(st.pid)).toBe(true);
  }, 60_000);

  it('6.3 a script whose last act is shutdown() ends with code 0 once everything is closed', async () => {
    const r = await run(tsx, [withShutdown, base], REPO, 30_000);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('reply: echo hi');
    expect(r.stdout).toContain('shut down');
    expect(r.code).toBe(0);
  }, 60_000);
});
