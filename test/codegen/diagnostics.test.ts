import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, formatDiagnostic, generate } from '../../codegen/index.js';
import { DIAGNOSTIC_FIXTURES, FIXTURES, tsconfigOf } from './fixture-paths.js';

/** Which code each fixture exists to provoke. */
const EXPECTED: Record<string, keyof typeof DIAGNOSTIC_CODES> = {
  'diag-duplicate-id': 'THS001',
  'diag-receive-non-class': 'THS002',
  'diag-handler-params': 'THS003',
  'diag-two-handlers': 'THS004',
  'diag-actor-not-exported': 'THS005',
  'diag-function-field': 'THS006',
  'diag-required-ctor': 'THS007',
  'diag-actor-nested': 'THS008',
  'diag-duplicate-actor-name': 'THS009',
  'diag-message-not-exported': 'THS010',
  'diag-dto-type': 'THS012',
};

it('every diagnostic fixture is listed, and every scan-time code has a fixture', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual(DIAGNOSTIC_FIXTURES);
  const scanCodes = Object.keys(DIAGNOSTIC_CODES).filter((c) => c !== 'THS011');
  expect(new Set(Object.values(EXPECTED))).toEqual(new Set(scanCodes));
});

describe.each(DIAGNOSTIC_FIXTURES)('%s', (fixture) => {
  it('reports its code at file:line:col with a fix, and writes nothing', async () => {
    const result = generate({ project: tsconfigOf(fixture) });
    expect(result.files).toEqual([]);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) {
      expect(d.code).toBe(EXPECTED[fixture]);
      expect(d.file).toMatch(/^src\/.+\.ts$/);
      expect(d.line).toBeGreaterThan(0);
      expect(d.col).toBeGreaterThan(0);
      expect(d.fix.length).toBeGreaterThan(10);
    }
    const text = `${result.diagnostics.map(formatDiagnostic).join('\n')}\n`;
    await expect(text).toMatchFileSnapshot(path.join(FIXTURES, fixture, 'expected-diagnostics.txt'));
  });
});
