import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const REPO = path.resolve(FIXTURES, '../../..');

/** Fixtures that generate cleanly (and must compile); the diag-* ones each provoke diagnostics. */
export const VALID_FIXTURES = ['aliases', 'declared-base', 'dto', 'inheritance'];
export const DIAGNOSTIC_FIXTURES = readdirSync(FIXTURES).filter((n) => n.startsWith('diag-')).sort();

export function tsconfigOf(fixture: string): string {
  return path.join(FIXTURES, fixture, 'tsconfig.json');
}
