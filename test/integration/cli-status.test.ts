import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ActorSystem, type ActorAddress } from 'thespian-ts';
import { runCli } from '../../cli/main.js';
import type { CliIo } from '../../cli/io.js';
import type { StatusJson } from '../../cli/status-view.js';
import { CliParent } from '../fixtures/cli/cli-actors.js';
import { until } from '../support/processes.js';
import { REPO } from './cli-run.js';

function capture(): CliIo & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), text: () => lines.join('\n') };
}

/** Issue 12 item 4: the actor tree with pid, uptime, mailbox depth and handled counts, in text and stable JSON. */
describe.each(['multiprocTCPBase', 'multiprocUDPBase'])('7.12 thespian status on %s', (base) => {
  let asys: ActorSystem | undefined;
  afterAll(async () => {
    await asys?.shutdown();
  });

  it('7.12 status shows the actor tree: class, address, globalName, pid, uptime, mailbox, handled, children; --json is schema thespian-status/1', async () => {
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false });
    const port = String((await asys.status()).capabilities['Admin Port']);
    const parent = await asys.createActor(CliParent, { globalName: 'boss' });
    expect(await asys.ask(parent, 'one', 10_000)).toBe('echo one');
    const leaf = (await asys.ask(parent, 'child', 10_000)) as ActorAddress;
    expect(await asys.ask(leaf, 'ping', 10_000)).toBe('ping');

    const json = capture();
    expect(await runCli(['status', '--base', base, '--port', port, '--json'], json)).toBe(0);
    const j = JSON.parse(json.text()) as StatusJson;
    expect(j.schema).toBe('thespian-status/1');
    expect(Object.keys(j)).toEqual(['schema', 'base', 'pid', 'startedAt', 'uptimeMs', 'capabilities', 'counters', 'globalNames', 'deadLetterHandlers', 'loadedSources', 'actorCount', 'actors']);
    expect(j.globalNames).toEqual({ boss: parent.key });
    expect(j.counters).toMatchObject({ deadLetters: expect.any(Number), poisonMessages: expect.any(Number) });
    const p = j.actors.find((a) => a.address === parent.key)!;
    const l = j.actors.find((a) => a.address === leaf.key)!;
    expect(p).toMatchObject({ class: 'CliParent', globalName: 'boss', parent: null, children: [leaf.key], messagesReceived: 2, pendingMessages: 0, responsive: true });
    expect(l).toMatchObject({ class: 'CliLeaf', globalName: '', parent: parent.key, children: [], messagesReceived: 1, responsive: true });
    expect(p.pid).not.toBe(l.pid);
    expect(p.uptimeMs).toBeGreaterThanOrEqual(l.uptimeMs!);

    const text = capture();
    expect(await runCli(['status', '--base', base, '--port', port], text)).toBe(0);
    const lines = text.text().split('\n');
    const pi = lines.findIndex((x) => x.includes(`CliParent 'boss'  ${parent.key}  pid ${p.pid}  up `));
    expect(pi, text.text()).toBeGreaterThan(0);
    expect(lines[pi]).toMatch(/mailbox 0 {2}handled 2$/);
    // The child is drawn under its parent, one level deeper.
    expect(lines[pi + 1]).toMatch(new RegExp(`^ {5}└─ CliLeaf  ${leaf.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  pid ${l.pid}  up \\d+s  mailbox 0  handled 1$`));
    expect(text.text()).toMatch(/^counters: .*dead letters \d+ · poison \d+/m);
  }, 90_000);

  it('7.12 status --watch redraws until interrupted', async () => {
    const port = String((await asys!.status()).capabilities['Admin Port']);
    const child = spawn(path.join(REPO, 'node_modules', '.bin', 'tsx'), [path.join(REPO, 'cli', 'bin.ts'), 'status', '--watch', '--interval', '0.3', '--base', base, '--port', port], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1', TSX_TSCONFIG_PATH: path.join(REPO, 'tsconfig.json') },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      expect(await until(() => (out.match(/admin {2}pid/g) ?? []).length >= 3, 30_000), out).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    expect(await until(() => child.exitCode !== null, 10_000)).toBe(true);
    expect(child.exitCode).toBe(0);
  }, 60_000);
});
