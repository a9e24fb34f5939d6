import { describe, expect, it } from 'vitest';
import { adminRequestProblem, controlMessageProblem } from '../../framework/bases/multiproc/protocol-shapes.js';
import { ADMIN_EXAMPLES, CONTROL_EXAMPLES } from '../support/fuzz-frames.js';

/** A value of the wrong type for every field whose type is checked ('any' fields have none). */
const WRONG: unknown[] = [null, 7, 'text', true, [], { nested: 1 }, undefined];

function wrongTyped(example: Record<string, unknown>, check: (v: unknown) => string | undefined): string[] {
  const slipped: string[] = [];
  for (const field of Object.keys(example)) {
    if (field === 'op' || field === 'message' || field === 'value' || field === 'requirements') continue;
    for (const wrong of WRONG) {
      if (typeof wrong === typeof example[field] && wrong !== null && !Array.isArray(wrong)) continue;
      if (wrong === undefined && ['logs', 'logLevel'].includes(field)) continue; // optional
      if ((wrong === null || typeof wrong === 'string') && ['parentKey', 'route'].includes(field)) continue; // string | null
      if (wrong !== null && typeof wrong === 'object' && !Array.isArray(wrong) && field === 'capabilities') continue;
      if (check({ ...example, [field]: wrong }) === undefined) slipped.push(`${String(example.op)}.${field} = ${JSON.stringify(wrong)}`);
    }
  }
  return slipped;
}

describe('issue 8 item 4: shape checks of the multiproc protocols', () => {
  it('every well-formed admin request and control message passes', () => {
    for (const ex of Object.values(ADMIN_EXAMPLES)) expect(adminRequestProblem(ex)).toBeUndefined();
    for (const ex of Object.values(CONTROL_EXAMPLES)) expect(controlMessageProblem(ex)).toBeUndefined();
  });

  it('each request kind with a field of the wrong type is refused, naming the field', () => {
    expect(Object.values(ADMIN_EXAMPLES).flatMap((ex) => wrongTyped(ex, adminRequestProblem))).toEqual([]);
    expect(Object.values(CONTROL_EXAMPLES).flatMap((ex) => wrongTyped(ex, controlMessageProblem))).toEqual([]);
    expect(adminRequestProblem({ op: 'log', level: 5, message: 'm' })).toBe("'log': field 'level' is number 5, not a string");
    expect(controlMessageProblem({ op: 'start', order: { ...(CONTROL_EXAMPLES.start!.order as object), spec: { kind: 'path', file: 3 } } })).toMatch(/field 'order' is not a order: field 'spec' is not a spec/);
  });

  it('6.10 a start order from a loaded source carries the package as bytes; anything else there is refused', () => {
    const order = { ...(CONTROL_EXAMPLES.start!.order as object), spec: { kind: 'source', hash: 'h', spec: 'a.js:A' } };
    expect(controlMessageProblem({ op: 'start', order: { ...order, source: { hash: 'h', zip: new Uint8Array([1]) } } })).toBeUndefined();
    expect(controlMessageProblem({ op: 'start', order: { ...order, source: { hash: 'h', zip: 'PK..' } } })).toMatch(/field 'source' is not a source: field 'zip' is not a bytes/);
    expect(controlMessageProblem({ op: 'start', order: { ...order, spec: { kind: 'source', hash: 'h' } } })).toMatch(/field 'spec' is not a spec/);
  });

  it('the crash frames of the findings are refused: nil payload, unknown op, non-objects', () => {
    for (const bad of [null, undefined, 0, 'shutdown', [], { op: 'nope' }, { op: 5 }, Object.create({ op: 'status', reqId: 1 })]) {
      expect(adminRequestProblem(bad)).toBeTypeOf('string');
      expect(controlMessageProblem(bad)).toBeTypeOf('string');
    }
  });
});
