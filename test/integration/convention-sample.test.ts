import { describe, expect, it } from 'vitest';
import { runConventionSample } from '../../samples/convention/run-all.js';

describe('samples/convention on loopback (spec 4.11.3, issue 13 "Tests")', () => {
  it('4.11.3 a leader and two members as three processes: the registrar places one worker on each member as it joins; each answers from its own process; stopping a member is a leave', async () => {
    const lines: string[] = [];
    await runConventionSample((l) => lines.push(l)).catch((err: Error) => {
      throw new Error(`${err.message}\nwhat the three processes printed:\n${lines.join('\n')}`, { cause: err });
    });
    const text = lines.join('\n');
    const workers = lines.map((l) => /^leader: worker for (\w+): runs on (\S+), pid (\d+), Admin Port (\d+), member admin (.+)$/.exec(l)).filter((m) => m !== null);
    expect(workers.map((m) => m[1]).sort(), text).toEqual(['north', 'south']);
    const ports = Object.fromEntries(
      ['north', 'south'].map((name) => [name, /^(\w+): running on Admin Port (\d+)/.exec(lines.find((l) => l.startsWith(`${name}: running on Admin Port`)) ?? '')?.[2]]),
    );
    for (const m of workers) {
      expect(m[4], `the ${m[1]} worker runs in the ${m[1]} system`).toBe(ports[m[1]!]);
      expect(m[5], 'the member admin address names its port').toContain(m[4]!);
      expect(Number(m[3])).not.toBe(process.pid);
    }
    expect(new Set(workers.map((m) => m[3])).size).toBe(2);
    expect(lines.filter((l) => / left the convention/.test(l)).map((l) => /leader: (\w+) left/.exec(l)?.[1]).sort(), text).toEqual(['north', 'south']);
    expect(lines.filter((l) => /error|stderr|Error/.test(l)), text).toEqual([]);
  }, 150_000);
});
