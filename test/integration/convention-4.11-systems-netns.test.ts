import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Notice } from '../fixtures/convention/membership-actors.js';
import { NETNS_UNAVAILABLE, type NetnsLab, withLab } from '../support/netns.js';
import { eventually } from '../support/systems.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Issue 13 "Tests", real hosts: a leader and two members, each a multiprocTCPBase system in
 * its own network namespace (test/support/netns.ts), keyed with a 'Convention Key', driven
 * through test/fixtures/convention/convention-node.ts (the public API in a process of its own).
 * Every system listens on Thespian's default Admin Port 1900: each namespace is its own network.
 */
const script = fileURLToPath(new URL('../fixtures/convention/convention-node.ts', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));
const PORT = 1900;

interface Node {
  name: string;
  lines: string[];
  request(op: string, args?: Record<string, unknown>): Promise<unknown>;
}

function startNode(lab: NetnsLab, i: number, name: string, capabilities: Record<string, unknown>, listenOn?: string): Node {
  const host = listenOn ?? lab.hosts[i]!.address;
  const child = lab.exec(i, process.execPath, ['--import', 'tsx', script, JSON.stringify({ ...capabilities, 'Admin Port': PORT })], {
    cwd: repo,
    env: {
      ...process.env,
      THESPIAN_BASE_IPADDR: host,
      // The namespaces share one filesystem: each admin keeps its secret and log apart.
      THESPIAN_STATE_DIR: mkdtempSync(join(tmpdir(), `thespian-netns-${name}-`)),
      // A check-in a second, dropped after three silent ones: a cut is noticed in seconds.
      THESPIAN_CONVENTION_REREGISTRATION_MS: '1000',
      THESPIAN_CONVENTION_MISS_MAX: '3',
    },
  });
  const lines: string[] = [];
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let partial = '';
  child.stdout?.on('data', (d: Buffer) => {
    const parts = (partial + String(d)).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (!line.startsWith('{')) continue;
      const answer = JSON.parse(line) as { id: number; ok: boolean; value?: unknown; error?: string };
      const w = waiting.get(answer.id);
      waiting.delete(answer.id);
      if (answer.ok) w?.resolve(answer.value);
      else w?.reject(new Error(`${name}: ${answer.error}`));
    }
  });
  child.stderr?.on('data', (d: Buffer) => void lines.push(`stderr: ${String(d)}`));
  let next = 0;
  return {
    name,
    lines,
    request: (op, args = {}) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject });
        child.stdin?.write(`${JSON.stringify({ id, op, ...args })}\n`);
      }),
  };
}

/** What a registrant saw of the system at `host`, by its admin address (every port is 1900). */
function historyOf(seen: Notice[], host: string): string[] {
  let present = false;
  return seen
    .filter((n) => n.admin.includes(`${host}:`))
    .map((n) => {
      const kind = !n.added ? 'left' : present ? 'updated' : 'joined';
      present = n.added;
      return kind;
    });
}

describe.skipIf(NETNS_UNAVAILABLE)(`4.11 a convention across network namespaces${NETNS_UNAVAILABLE ? ` [skipped: ${NETNS_UNAVAILABLE}]` : ''}`, () => {
  it('4.11 leader and two keyed members on three hosts: members join; an actor placed on a member by capability answers the leader; a cut link is a leave notice and dead-letters what is sent to its actors; restoring it re-registers', async () => {
    await withLab(3, async (lab) => {
      const key = randomBytes(24).toString('hex');
      const [l, m1, m2] = lab.hosts.map((h) => h.address) as [string, string, string];
      const conv = { 'Convention Address.IPv4': `${l}:${PORT}`, 'Convention Key': key };
      const L = startNode(lab, 0, 'leader', { ...conv, Role: 'leader' });
      const M1 = startNode(lab, 1, 'm1', { ...conv, Colour: 'red' });
      const M2 = startNode(lab, 2, 'm2', { ...conv, Colour: 'green' });
      const all = [L, M1, M2];
      // What the nodes printed besides answers (start errors, stderr), for failure messages.
      const say = (): string => all.map((n) => `${n.name}:\n  ${n.lines.filter((x) => !x.startsWith('{')).join('\n  ')}`).join('\n');
      await waitFor(() => all.every((n) => n.lines.includes('ready')), 'three systems to start in their namespaces', 60_000).catch((e: Error) => {
        throw new Error(`${e.message}\n${say()}`);
      });

      await L.request('create', { actor: 'Registrant', name: 'reg' });
      expect(await L.request('ask', { name: 'reg', message: 'start' })).toBe('started');
      await L.request('create', { actor: 'ConventionDeadLetters', name: 'dead' });
      expect(await L.request('ask', { name: 'dead', message: 'register' })).toBe('ok');
      const seen = async (): Promise<Notice[]> => ((await L.request('ask', { name: 'reg', message: 'seen' })) as Notice[] | null) ?? [];
      let notices = await eventually(seen, (s) => historyOf(s, m1).includes('joined') && historyOf(s, m2).includes('joined'), 30_000, 200);
      expect([historyOf(notices, m1), historyOf(notices, m2)], say()).toEqual([['joined'], ['joined']]);

      // Placement by capability (4.11.3) across hosts: only m1 is red.
      await L.request('create', { actor: 'Locator', name: 'red', requirements: { colour: 'red' } });
      expect(await L.request('ask', { name: 'red', message: 'where' })).toMatchObject({ port: PORT, colour: 'red' });

      lab.cut(1);
      notices = await eventually(seen, (s) => historyOf(s, m1).at(-1) === 'left', 20_000, 200);
      expect(historyOf(notices, m1), 'the leader drops m1 after missed check-ins').toEqual(['joined', 'left']);
      expect(historyOf(notices, m2), 'm2 is not affected').toEqual(['joined']);
      // Nothing lost in silence: what is sent to m1's actor now comes back as a dead letter.
      await L.request('tell', { name: 'red', message: 'after the cut' });
      const dead = await eventually(async () => (await L.request('ask', { name: 'dead', message: 'seen' })) as unknown[], (d) => d.includes('after the cut'), 30_000, 200);
      expect(dead).toContain('after the cut');

      lab.restore(1);
      // TCP's retransmission backoff decides how soon the old links carry again: a long deadline.
      notices = await eventually(seen, (s) => historyOf(s, m1).length >= 3, 60_000, 200);
      expect(historyOf(notices, m1), say()).toEqual(['joined', 'left', 'joined']);
      await L.request('create', { actor: 'Locator', name: 'red again', requirements: { colour: 'red' } });
      expect(await L.request('ask', { name: 'red again', message: 'where' })).toMatchObject({ port: PORT, colour: 'red' });

      for (const n of [M2, M1, L]) await n.request('shutdown').catch(() => undefined);
    });
  }, 240_000);

  it("issue 13.8 a member behind NAT (its admin on its own loopback, nobody can dial it) joins its leader over WebSocket; the leader places an actor on it and reaches it over the member's own link; another member reaches that actor through the leader", async () => {
    await withLab(3, async (lab) => {
      const key = randomBytes(24).toString('hex');
      const l = lab.hosts[0]!.address;
      const L = startNode(lab, 0, 'leader', { 'Convention Address.IPv4': `${l}:${PORT}`, 'Convention Key': key, 'Convention WebSocket Port': 8080, Role: 'leader' });
      // 127.0.0.1 in the member's namespace: the leader's host has no way to it.
      const M = startNode(lab, 1, 'member', { 'Convention Address.IPv4': `ws://${l}:8080/thespian`, 'Convention Key': key, Colour: 'red' }, '127.0.0.1');
      // A plain TCP member: it cannot dial the NAT'd member either, and reaches it through the leader.
      const N = startNode(lab, 2, 'plain', { 'Convention Address.IPv4': `${l}:${PORT}`, 'Convention Key': key, Colour: 'green' });
      const say = (): string => [L, M, N].map((n) => `${n.name}:\n  ${n.lines.filter((x) => !x.startsWith('{')).join('\n  ')}`).join('\n');
      await waitFor(() => [L, M, N].every((n) => n.lines.includes('ready')), 'three systems to start in their namespaces', 60_000).catch((e: Error) => {
        throw new Error(`${e.message}\n${say()}`);
      });
      await L.request('create', { actor: 'Registrant', name: 'reg' });
      expect(await L.request('ask', { name: 'reg', message: 'start' })).toBe('started');
      const seen = async (): Promise<Notice[]> => ((await L.request('ask', { name: 'reg', message: 'seen' })) as Notice[] | null) ?? [];
      const notices = await eventually(seen, (s) => historyOf(s, '127.0.0.1').includes('joined') && historyOf(s, lab.hosts[2]!.address).includes('joined'), 30_000, 200);
      expect(historyOf(notices, '127.0.0.1'), say()).toEqual(['joined']);
      // 4.11.3 across the NAT: only the member is red; the start order and every message go over its link.
      await L.request('create', { actor: 'Locator', name: 'red', requirements: { colour: 'red' } });
      expect(await L.request('ask', { name: 'red', message: 'where' })).toMatchObject({ port: PORT, colour: 'red' });
      // From the plain member: placed through the leader; its messages cannot reach the NAT'd admin, so they go through the leader.
      await N.request('create', { actor: 'Locator', name: 'red from plain', requirements: { colour: 'red' } });
      expect(await N.request('ask', { name: 'red from plain', message: 'where' }), say()).toMatchObject({ port: PORT, colour: 'red' });
      expect(await N.request('ask', { name: 'red from plain', message: 'again' })).toBe('echo again');
      for (const n of [N, M, L]) await n.request('shutdown').catch(() => undefined);
    });
  }, 240_000);
});
