import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { statusJson, statusText } from '../../cli/status-view.js';
import { SystemStatus } from '../../framework/index.js';

describe('issue 13 item 10 thespian status shows the convention', () => {
  const st = new SystemStatus({
    base: 'multiprocTCPBase',
    pid: 42,
    capabilities: { 'Admin Port': 1901 },
    convention: {
      self: '10.0.0.2:1901',
      leader: '10.0.0.1:1900',
      isLeader: false,
      members: [{ address: '10.0.0.1:1900', capabilities: { GPU: 1, 'Thespian Version': '1' }, sinceMs: 61_000, preRegistered: false }],
    },
  });

  it('--json carries it as schema thespian-status/1 documents (cli/README.md)', () => {
    expect(statusJson(st).convention).toEqual({
      self: '10.0.0.2:1901',
      leader: '10.0.0.1:1900',
      isLeader: false,
      members: [{ address: '10.0.0.1:1900', capabilities: { GPU: 1, 'Thespian Version': '1' }, lastHeardMsAgo: 61_000, preRegistered: false }],
    });
    expect('convention' in statusJson(new SystemStatus({ base: 'multiprocTCPBase' }))).toBe(false);
  });

  it('the text names the leader, and each known system with its capabilities and time since it was heard', () => {
    const text = statusText(statusJson(st), pc.createColors(false));
    expect(text).toContain('convention: 10.0.0.2:1901 member of 10.0.0.1:1900, 1 other system');
    expect(text).toMatch(/ {2}10\.0\.0\.1:1900 {2}heard 1m01s ago {2}GPU=1 · Thespian Version=1/);
    expect(String(st)).toContain('convention:    10.0.0.2:1901, leader 10.0.0.1:1900');
  });

  it('issue 13 item 8 a member reached only over its own link (behind NAT, Outbound Only) says so, in the text and in --json', () => {
    const leader = new SystemStatus({
      base: 'multiprocTCPBase',
      convention: { self: '10.0.0.1:1900', leader: '10.0.0.1:1900', isLeader: true, members: [{ address: '127.0.0.1:1901', capabilities: {}, sinceMs: 1000, preRegistered: false, overItsLink: true }] },
    });
    expect(statusJson(leader).convention?.members[0]?.overItsLink).toBe(true);
    expect(statusText(statusJson(leader), pc.createColors(false))).toMatch(/ {2}127\.0\.0\.1:1901 \(over its own link\) {2}heard 1s ago/);
  });
});
