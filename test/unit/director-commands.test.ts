import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../framework/sources/director/versions.js';
import { parseTli } from '../../framework/sources/director/tli.js';
import { pruneGroup, readCatalog } from '../../framework/sources/director/catalog.js';
import { control, makeKeys, tempDir, writeTree } from './director-support.js';

async function versions(dir: string, group: string, list: string[]): Promise<void> {
  const src = tempDir();
  writeTree(src, { 'main.js': `export const group = '${group}';\n` });
  const priv = makeKeys(tempDir(), dir, `${group}key`);
  for (const v of list) expect(await control(dir).gensrc(group, priv, src, `version:${v}`, 'main.js')).toBe(0);
}

describe('director commands that need no running system (director.md 2.3.4, 2.4, 2.5, 2.7)', () => {
  it('2.3.4 versions compare field by field as numbers: 1.10 > 1.9 > 1.2.1 > 1.2 > 1 > 0.rc', () => {
    const sorted = ['1', '1.2', '1.10', '0.rc', '1.9', '1.2.1'].sort((a, b) => compareVersions(b, a));
    expect(sorted).toEqual(['1.10', '1.9', '1.2.1', '1.2', '1', '0.rc']);
    expect(compareVersions('201801011200', '2.0')).toBe(1);
  });

  it('2.7 avail lists by group, newest version first (numeric field sort), each with the hash a load gives', async () => {
    const dir = tempDir();
    await versions(dir, 'foo', ['1.9', '1.10', '1.2']);
    await versions(dir, 'bar', ['2', '10']);
    const dc = control(dir);
    expect(await dc.avail()).toBe(0);
    const shape = dc.lines.map((l) => l.replace(/[0-9a-f]{32}/, 'HASH').replace(dir, 'DIR'));
    expect(shape).toEqual([
      'bar:',
      '   10  HASH  DIR/bar-10.tls',
      '   2  HASH  DIR/bar-2.tls',
      'foo:',
      '   1.10  HASH  DIR/foo-1.10.tls',
      '   1.9  HASH  DIR/foo-1.9.tls',
      '   1.2  HASH  DIR/foo-1.2.tls',
    ]);
    writeFileSync(join(dir, 'broken-1.tls'), 'garbage');
    const bad = control(dir);
    expect(await bad.avail()).toBe(1);
    expect(bad.text()).toMatch(/unreadable .*broken-1\.tls: not a \.tls source package/);
  });

  it('2.7.2 TLS_Keep_Limit: pruning keeps the newest N files of the group and never the one just loaded', async () => {
    const dir = tempDir();
    await versions(dir, 'foo', ['1', '2', '3', '4']);
    await versions(dir, 'bar', ['1']);
    expect(pruneGroup(dir, 'foo', 2, new Set([join(dir, 'foo-1.tls')])).map((f) => f.slice(dir.length + 1))).toEqual(['foo-2.tls']);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tls')).sort()).toEqual(['bar-1.tls', 'foo-1.tls', 'foo-3.tls', 'foo-4.tls']);
    expect(readCatalog(dir).sources.map((s) => s.version)).toEqual(['1', '4', '3', '1']);
  });

  it('2.4.2 config shows what start will use, from one JSON value per file in THESPIAN_DIRECTOR_DIR', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'convleader.cfg': '"192.168.32.19:1900"',
      'othercaps.cfg': '{ "Worker": true, "Slot": 19, "nproc": 2 }',
      'thesplogd.cfg': '"/tmp/log"',
      'thesplog.cfg': JSON.stringify({ version: 1, handlers: { f: { class: 'file', filename: 'app.log' } }, root: { level: 'INFO', handlers: ['f'] } }),
      'adminport.cfg': '1901',
    });
    makeKeys(tempDir(), dir, 'dev');
    const dc = control(dir);
    expect(await dc.config()).toBe(0);
    expect(dc.lines).toEqual([
      `Sources location: ${dir}`,
      'System Base: multiprocTCPBase',
      'Admin Port: 1901',
      'Convention leader: "192.168.32.19:1900"',
      'Logging: thesplog.cfg (1 handlers)',
      'Logging directory: /tmp/log',
      'Other Capabilities: {"Worker":true,"Slot":19,"nproc":2}',
      'Start capabilities: {"Worker":true,"Slot":19,"nproc":2,"Admin Port":1901,"Convention Address.IPv4":"192.168.32.19:1900"}',
      `Public keys: ${join(dir, 'dev_tls.key')}`,
    ]);
    writeFileSync(join(dir, 'othercaps.cfg'), "{ 'Worker': True }");
    const bad = control(dir);
    expect(await bad.config()).toBe(1);
    expect(bad.text()).toMatch(/ERROR .*othercaps\.cfg: not a JSON value/);
    const start = control(dir);
    expect(await start.start()).toBe(1);
    expect(start.text()).toMatch(/cannot start: .*othercaps\.cfg: not a JSON value/);
  });

  it('2.7.2 TLI files are JSON: Actors with OnLoad (Role, GlobalName, Message), OnDeactivate, OnReactivate, AutoUnload, TLS_Keep_Limit', () => {
    const tli = parseTli(
      {
        Actors: {
          'main.js:Main': { OnLoad: { Role: 'Main', GlobalName: 'main', Message: { start: 1 } }, OnDeactivate: { Message: 'bye' }, OnReactivate: { Message: 'back' } },
          'aux.js:Aux': {},
        },
        AutoUnload: true,
        TLS_Keep_Limit: 3,
      },
      'test',
    );
    expect(tli).toEqual({
      actors: [
        { spec: 'main.js:Main', onLoad: { role: 'Main', globalName: 'main', message: { start: 1 }, hasMessage: true }, onDeactivate: { message: 'bye' }, onReactivate: { message: 'back' } },
        { spec: 'aux.js:Aux' },
      ],
      autoUnload: true,
      tlsKeepLimit: 3,
    });
    expect(() => parseTli({ Actors: { 'main.js:Main': {} }, AutoUnlaod: true }, 'x.tli')).toThrow(/TLI x\.tli: unknown key "AutoUnlaod"/);
    expect(() => parseTli({ Actors: { Main: {} } }, 'x.tli')).toThrow(/must be named as "path\/in\/pkg\.js:Export"/);
    expect(() => parseTli({ Actors: { 'm.js:M': { OnDeactivate: { Msg: 1 } } } }, 'x.tli')).toThrow(/OnDeactivate must be \{ "Message": \.\.\. \}/);
  });

  it('2.5 bootstart [name] nostart writes a systemd unit that runs `director refresh` with this director dir, and starts nothing', async () => {
    const dir = tempDir();
    const units = tempDir();
    const dc = control(dir, { systemdDir: units, thespianCommand: '/usr/bin/node /opt/app/thespian.js' });
    expect(await dc.bootstart('myapp', 'nostart')).toBe(0);
    const unit = readFileSync(join(units, 'myapp.service'), 'utf8');
    expect(unit).toContain(`Environment=THESPIAN_DIRECTOR_DIR=${dir}`);
    expect(unit).toContain('ExecStart=/usr/bin/node /opt/app/thespian.js director refresh');
    expect(unit).toContain('ExecStop=/usr/bin/node /opt/app/thespian.js director shutdown');
    expect(unit).toContain('WantedBy=multi-user.target');
    expect(dc.text()).toMatch(/systemctl enable myapp/);
    const dflt = control(dir, { systemdDir: units });
    expect(await dflt.bootstart('nostart')).toBe(0);
    expect(readdirSync(units).sort()).toEqual(['myapp.service', 'thespian.director.service']);
  });
});
