import { execFileSync, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NETNS_UNAVAILABLE, NetnsLab, withLab } from '../support/netns.js';
import { waitFor } from '../support/wait-for.js';

const ECHO = `require('node:net').createServer((s) => s.pipe(s)).listen(7000, process.argv[1], () => console.log('ready'))`;
// Exit 0 and print the echo; 2 when nothing answers within the deadline.
const CLIENT = `const s = require('node:net').connect(7000, process.argv[1]);
const t = setTimeout(() => { console.log('timeout'); process.exit(2); }, 1500);
s.on('connect', () => s.write('ping'));
s.on('data', (d) => { console.log(String(d)); clearTimeout(t); s.destroy(); });
s.on('error', (e) => { console.log(e.code); process.exit(3); });`;

function finished(child: ChildProcess): Promise<{ code: number | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += String(d)));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out: out.trim() })));
}

function rootLinks(): string {
  return execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).split('\n').map((l) => l.split(':')[1]?.trim()).sort().join(',');
}

describe.skipIf(NETNS_UNAVAILABLE)(`test/support/netns.ts: hosts in network namespaces${NETNS_UNAVAILABLE ? ` [skipped: ${NETNS_UNAVAILABLE}]` : ''}`, () => {
  it('issue 13 tests: a TCP echo in one namespace answers another; a cut link stops it; restoring brings it back', async () => {
    const before = rootLinks();
    await withLab(2, async (lab) => {
      const [server, client] = lab.hosts;
      expect(rootLinks()).toBe(before); // nothing added outside the lab's namespaces
      const echo = lab.exec(0, process.execPath, ['-e', ECHO, server!.address]);
      let ready = '';
      echo.stdout?.on('data', (d: Buffer) => (ready += String(d)));
      await waitFor(() => ready.includes('ready'), 'the echo server in namespace 0', 10_000);

      const ok = await finished(lab.exec(1, process.execPath, ['-e', CLIENT, server!.address]));
      expect(ok).toEqual({ code: 0, out: 'ping' });
      expect(client!.address).toBe('10.231.0.2');

      // Not reachable from the root namespace: the lab is its own network.
      const fromRoot = await finished(
        (await import('node:child_process')).spawn(process.execPath, ['-e', CLIENT, server!.address], { stdio: 'pipe' }),
      );
      expect(fromRoot.code).not.toBe(0);

      lab.cut(1);
      const cut = await finished(lab.exec(1, process.execPath, ['-e', CLIENT, server!.address]));
      expect(cut).toEqual({ code: 2, out: 'timeout' });

      lab.restore(1);
      const back = await finished(lab.exec(1, process.execPath, ['-e', CLIENT, server!.address]));
      expect(back).toEqual({ code: 0, out: 'ping' });
    });
    expect(rootLinks()).toBe(before);
  }, 30_000);

  it('issue 13 tests: the lab is removed even when the test body throws, with what ran inside it', async () => {
    let lab: NetnsLab | undefined;
    let sleeper: ChildProcess | undefined;
    await expect(
      withLab(2, async (l) => {
        lab = l;
        sleeper = l.exec(0, 'sleep', ['60']);
        await waitFor(() => sleeper?.pid !== undefined, 'the process in the namespace');
        expect(l.existing()).toHaveLength(3); // hub + 2 hosts
        throw new Error('test body failed');
      }),
    ).rejects.toThrow('test body failed');
    expect(lab!.existing()).toEqual([]);
    await waitFor(() => sleeper!.exitCode !== null || sleeper!.signalCode !== null, 'the process inside to be killed', 5000);
  });
});

describe('test/support/netns.ts availability', () => {
  it('says why labs are skipped, or makes one', () => {
    if (NETNS_UNAVAILABLE) expect(NETNS_UNAVAILABLE).toMatch(/root|Linux|iproute2|cannot create/);
    else expect(() => NetnsLab.create(0)).toThrow(/1-250 hosts, not 0/);
  });
});
