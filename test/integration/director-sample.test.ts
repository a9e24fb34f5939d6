import { describe, expect } from 'vitest';
import { walkthrough } from '../../samples/director/walkthrough.js';
import { itOn } from '../support/systems.js';

const OPT_OUTS: Record<string, string> = {};

describe.each(['simpleSystemBase', 'multiprocTCPBase'])('samples/director walkthrough on %s (director.md 2.3-2.7)', (base) => {
  itOn(base, OPT_OUTS)('2.7 keys, gensrc, start, load, ask the role, refresh to 1.1, unload 1.1: the role answers from 1.0, 1.1, then 1.0 reactivated', async () => {
    const lines: string[] = [];
    const answers = await walkthrough(base, (l) => lines.push(l));
    expect(answers, lines.join('\n')).toEqual(['Hello, you, from greeter 1.0 (start)', 'Hello, you, from greeter 1.1 (start)', 'Hello, you, from greeter 1.0 (resume)']);
    expect(lines.at(-1)).toBe('Thespian system shut down');
  }, 60_000);
});
