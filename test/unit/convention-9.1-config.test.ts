import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MISS_MAX,
  DEFAULT_REREGISTRATION_MS,
  readConventionConfig,
} from '../../framework/convention/convention-config.js';

const noEnv = {};

function bad(caps: Record<string, unknown>, env: NodeJS.ProcessEnv = noEnv): string {
  try {
    readConventionConfig(caps, env);
  } catch (err) {
    expect((err as { code?: string }).code).toBe('BAD_CONVENTION_CONFIG');
    return (err as Error).message;
  }
  throw new Error('expected readConventionConfig to throw');
}

describe('convention config (spec 9.1, issue 13)', () => {
  it('9.1 no Convention Address.IPv4: no leaders, Thespian timing defaults (7 min 22 s, 3 misses)', () => {
    const c = readConventionConfig({}, noEnv);
    expect(c).toEqual({ leaders: [], adminRouting: false, outboundOnly: false, reregistrationMs: DEFAULT_REREGISTRATION_MS, missMax: DEFAULT_MISS_MAX });
    expect(DEFAULT_REREGISTRATION_MS).toBe(442_000);
    expect(DEFAULT_MISS_MAX).toBe(3);
  });

  it("9.1 'host:port', a bare host (port 1900), a (host, port) tuple, IPv6 in brackets", () => {
    expect(readConventionConfig({ 'Convention Address.IPv4': '10.0.0.1:1901' }, noEnv).leaders).toEqual([{ kind: 'tcp', text: '10.0.0.1:1901', host: '10.0.0.1', port: 1901 }]);
    expect(readConventionConfig({ 'Convention Address.IPv4': 'leader.local' }, noEnv).leaders[0]?.text).toBe('leader.local:1900');
    expect(readConventionConfig({ 'Convention Address.IPv4': ['leader.local', 1950] }, noEnv).leaders.map((l) => l.text)).toEqual(['leader.local:1950']);
    expect(readConventionConfig({ 'Convention Address.IPv4': '[::1]:1902' }, noEnv).leaders[0]).toMatchObject({ host: '::1', port: 1902, text: '[::1]:1902' });
  });

  it('9.1 a list of leaders keeps its order (the live leader is the first present)', () => {
    const c = readConventionConfig({ 'Convention Address.IPv4': ['a:1', 'b:2', 'ws://c:3/conv'] }, noEnv);
    expect(c.leaders.map((l) => l.text)).toEqual(['a:1', 'b:2', 'ws://c:3/conv']);
  });

  it("issue 13.8 'ws://host:port/path' and 'wss://' name a WebSocket leader", () => {
    const [ws] = readConventionConfig({ 'Convention Address.IPv4': 'ws://gw.example:8080/thespian' }, noEnv).leaders;
    expect(ws).toEqual({ kind: 'ws', text: 'ws://gw.example:8080/thespian', host: 'gw.example', port: 8080, path: '/thespian', secure: false });
    const [wss] = readConventionConfig({ 'Convention Address.IPv4': 'wss://gw.example/t' }, noEnv).leaders;
    expect(wss).toMatchObject({ kind: 'ws', port: 443, secure: true, path: '/t' });
  });

  it('9.1 bad addresses say what is wrong and how to write it', () => {
    expect(bad({ 'Convention Address.IPv4': 'host:99999' })).toMatch(/port '99999' is not 1-65535.*'host:port'/);
    expect(bad({ 'Convention Address.IPv4': ':1900' })).toMatch(/names no host/);
    expect(bad({ 'Convention Address.IPv4': 'http://x:1/' })).toMatch(/unsupported scheme.*ws:\/\//);
    expect(bad({ 'Convention Address.IPv4': 1900 })).toMatch(/1900 is not an address/);
    expect(bad({ 'Convention Address.IPv4': ['a:1', 42] })).toMatch(/Convention Address\.IPv4\[1\]: 42 is not an address/);
    expect(bad({ 'Convention Address.IPv4': ['a:1', 'a:1'] })).toMatch(/lists a:1 twice/);
    expect(bad({ 'Convention Address.IPv4': '::1:1900' })).toMatch(/ambiguous.*brackets/);
  });

  it("9.4 'Outbound Only' implies 'Admin Routing'; flags accept booleans and yes/no text, refuse anything else", () => {
    expect(readConventionConfig({ 'Outbound Only': true }, noEnv)).toMatchObject({ outboundOnly: true, adminRouting: true });
    expect(readConventionConfig({ 'Admin Routing': 'yes' }, noEnv)).toMatchObject({ outboundOnly: false, adminRouting: true });
    expect(readConventionConfig({ 'Admin Routing': false }, noEnv).adminRouting).toBe(false);
    expect(bad({ 'Admin Routing': 'maybe' })).toMatch(/'Admin Routing' is "maybe"; give true or false/);
  });

  it("issue 13.7 'Convention Key' from capabilities wins over THESPIAN_CONVENTION_KEY; short keys are refused", () => {
    const env = { THESPIAN_CONVENTION_KEY: 'environment-key-0123456789' };
    expect(Buffer.from(readConventionConfig({}, env).key!).toString()).toBe('environment-key-0123456789');
    expect(Buffer.from(readConventionConfig({ 'Convention Key': 'capability-key-0123456789' }, env).key!).toString()).toBe('capability-key-0123456789');
    expect(bad({ 'Convention Key': 'short' })).toMatch(/'Convention Key' is 5 bytes; use at least 16/);
    expect(bad({}, { THESPIAN_CONVENTION_KEY: 'short' })).toMatch(/THESPIAN_CONVENTION_KEY is 5 bytes/);
    expect(bad({ 'Convention Key': 12 })).toMatch(/is a number; give a string or bytes/);
  });

  it('issue 13.7 TLS paths: certificate and key together, CA optional; missing files named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conv-tls-'));
    for (const f of ['c.pem', 'k.pem', 'ca.pem']) writeFileSync(join(dir, f), 'x');
    const caps = { 'Convention TLS Cert': join(dir, 'c.pem'), 'Convention TLS Key': join(dir, 'k.pem') };
    expect(readConventionConfig(caps, noEnv).tls).toEqual({ cert: join(dir, 'c.pem'), key: join(dir, 'k.pem') });
    expect(readConventionConfig({}, { THESPIAN_CONVENTION_TLS_CERT: join(dir, 'c.pem'), THESPIAN_CONVENTION_TLS_KEY: join(dir, 'k.pem'), THESPIAN_CONVENTION_TLS_CA: join(dir, 'ca.pem') }).tls?.ca).toBe(join(dir, 'ca.pem'));
    expect(bad({ 'Convention TLS Cert': join(dir, 'c.pem') })).toMatch(/needs both .* \(got only the certificate\)/);
    expect(bad({ ...caps, 'Convention TLS CA': join(dir, 'nope.pem') })).toMatch(/'Convention TLS CA': cannot read .*nope\.pem \(ENOENT\)/);
    expect(bad({ 'Convention TLS Cert': dir, 'Convention TLS Key': join(dir, 'k.pem') })).toMatch(/is not a file/);
  });

  it('issue 13 THESPIAN_CONVENTION_REREGISTRATION_MS and THESPIAN_CONVENTION_MISS_MAX shorten timing; bad values are refused', () => {
    expect(readConventionConfig({}, { THESPIAN_CONVENTION_REREGISTRATION_MS: '1500', THESPIAN_CONVENTION_MISS_MAX: '2' })).toMatchObject({ reregistrationMs: 1500, missMax: 2 });
    expect(bad({}, { THESPIAN_CONVENTION_REREGISTRATION_MS: '7m' })).toMatch(/THESPIAN_CONVENTION_REREGISTRATION_MS="7m" is not a positive integer; unset it or give e\.g\. 2000/);
    expect(bad({}, { THESPIAN_CONVENTION_MISS_MAX: '0' })).toMatch(/THESPIAN_CONVENTION_MISS_MAX="0"/);
  });
});
