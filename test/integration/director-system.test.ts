import { describe, expect, it } from 'vitest';
import { ActorSystem, DIRECTOR_GLOBAL_NAME } from 'thespian-ts';
import { runCli } from '../../cli/main.js';
import type { CliIo } from '../../cli/io.js';
import { alive, freePort, until } from '../support/processes.js';
import { REPLY_MS } from '../support/systems.js';
import { control, makeKeys, tempDir, writeTree } from '../unit/director-support.js';

function capture(): CliIo & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), text: () => lines.join('\n') };
}

describe('director start and shutdown of a multiprocTCPBase system (director.md 2.4, 2.5, 2.6, 2.8)', () => {
  it('2.5 start uses the config files, runs the Director under its global name, has no effect when running; 2.6 shutdown stops it', async () => {
    const dir = tempDir();
    const port = await freePort();
    writeTree(dir, { 'adminport.cfg': String(port), 'othercaps.cfg': '{"Slot": 19}' });
    makeKeys(tempDir(), dir, 'dev');
    const first = control(dir);
    expect(await first.start()).toBe(0);
    expect(first.text()).toBe(`Started multiprocTCPBase on Admin Port ${port} with the Director`);
    // A second start, here from the command line: the running system is found, nothing new starts.
    const again = capture();
    expect(await runCli(['director', '--dir', dir, 'start'], again)).toBe(0);
    expect(again.text()).toBe(`Already running: multiprocTCPBase on Admin Port ${port} with the Director`);

    const asys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, joinOnly: true, logDefs: false, capabilities: { 'Admin Port': port } });
    const st = await asys.status();
    expect(st.capabilities['Slot']).toBe(19);
    const director = st.globalNames[DIRECTOR_GLOBAL_NAME];
    expect(director).toBeDefined();
    expect(await asys.ask(director!, { DirectorOp: 'RetrieveAll' }, REPLY_MS)).toEqual({ DirectorResponse: 'AllSources', Sources: [] });
    expect(await asys.ask(director!, { DirectorOp: 'Bogus' }, REPLY_MS)).toMatchObject({ DirectorResponse: 'Error', Success: false, Error: expect.stringMatching(/unknown DirectorOp 'Bogus'/) });
    expect(await asys.ask(director!, { DirectorOp: 'RoleAddress', Role: 'Nobody' }, REPLY_MS)).toEqual({
      DirectorResponse: 'RoleAddress', ActorAddress: null, Role: 'Nobody', Group: null, ActorClass: null, SourceHash: null, Success: false,
    });

    const list = control(dir);
    expect(await list.list()).toBe(0);
    expect(list.text()).toBe('no sources loaded');
    const role = control(dir);
    expect(await role.getRoleAddress('Nobody')).toBeUndefined();
    expect(role.text()).toMatch(/^RoleAddress ERROR: .*"Role":"Nobody".*"Success":false/);
    const silent = control(dir);
    expect(await silent.getRoleAddress('Nobody', { silent: true })).toBeUndefined();
    expect(silent.lines).toEqual([]);

    const pid = st.pid!;
    expect(alive(pid)).toBe(true);
    const down = control(dir);
    expect(await down.shutdown()).toBe(0);
    expect(await until(() => !alive(pid), 10_000)).toBe(true);
    const none = control(dir);
    expect(await none.list()).toBe(1);
    expect(none.text()).toMatch(/no Thespian system is running \(start it with: thespian director start\)/);
    expect(await control(dir).shutdown()).toBe(1);
  }, 60_000);
});
