import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importEdges, type ImportEdge } from './support/import-graph.js';

/**
 * STYLE.md item 1: layers point one way. Each rule: files under `from` may import (at run time,
 * `import()` included) only the listed areas; `types` are allowed as type-only imports. Targets
 * are repository paths without extension; 'thespian-ts' counts as `framework/index`.
 */
const ROOT = resolve(import.meta.dirname, '..');
interface Rule {
  from: string;
  /** Narrows the rule to some files of `from`. */
  only?: RegExp;
  allow: string[];
  types?: string[];
}
const below = (...areas: string[]) => areas.map((a) => `framework/${a}`);
const rules: Rule[] = [
  { from: 'framework/actor', allow: below('actor', 'registry'), types: below('logging') },
  { from: 'framework/registry', allow: below('registry', 'actor') },
  { from: 'framework/logging', allow: below('logging'), types: below('actor') },
  { from: 'framework/transport', allow: below('transport', 'actor', 'registry', 'logging') },
  { from: 'framework/patterns', allow: below('patterns', 'actor', 'registry', 'logging') },
  { from: 'framework/sources', allow: below('sources', 'actor', 'registry', 'logging') },
  // The Director drives a running system (DirectorControl): it sits above system/, which never imports it.
  { from: 'framework/sources/director', allow: below('sources', 'system', 'actor', 'registry', 'logging') },
  { from: 'framework/system', allow: below('system', 'actor', 'registry', 'logging', 'sources', 'patterns') },
  { from: 'framework/bases', allow: below('bases', 'convention', 'system', 'actor', 'registry', 'logging', 'transport', 'sources', 'patterns') },
  // A process entry point loads the public entry, so the application modules it imports share its classes.
  { from: 'framework/bases', only: /-main\.ts$/, allow: below('index') },
  { from: 'framework/convention', allow: below('convention', 'system', 'actor', 'registry', 'logging', 'transport', 'sources', 'patterns') },
  // codegen reads source text; it may name the runtime's types, never load it (DESIGN.md "Layout").
  { from: 'codegen', allow: ['codegen'], types: below('index') },
  // Through the two entries only, so moving files inside framework/ never breaks the CLI.
  { from: 'cli', allow: ['cli', 'codegen', 'framework/index', 'framework/internal'] },
];

/**
 * Bases are independent of each other; `multiproc/` is the shared multi-process base that the
 * TCP, queue and UDP bases configure, so those three (and only they) may import it.
 */
const BASES_SHARED_BY: Record<string, string[]> = {
  'multiproc-tcp': ['multiproc'],
  'multiproc-queue': ['multiproc'],
  'multiproc-udp': ['multiproc'],
};

const within = (target: string, area: string) => target === area || target.startsWith(area + '/');
const show = (e: ImportEdge, why: string) => `${e.from}:${e.line} ${e.dynamic ? 'import()s' : e.typeOnly ? 'type-imports' : 'imports'} ${e.spec}: ${why}`;

describe('architecture: imports point one way (STYLE.md 1)', () => {
  const { files, edges } = importEdges(ROOT, ['framework/**/*.ts', 'codegen/**/*.ts', 'cli/**/*.ts', 'samples/**/*.ts', 'templates/**/*.ts']);
  const project = (e: ImportEdge) => e.target.startsWith('framework') || e.target.startsWith('codegen') || e.target.startsWith('cli');

  it('finds the sources and imports it checks, static and dynamic', () => {
    expect(files.filter((f) => f.startsWith('cli/')).length).toBeGreaterThan(5);
    expect(edges.some((e) => e.dynamic && e.from.startsWith('framework/'))).toBe(true);
    expect(edges.some((e) => e.typeOnly && e.from.startsWith('codegen/'))).toBe(true);
  });

  it('every file under framework/ folders, codegen/ and cli/ has a layer rule', () => {
    const uncovered = files.filter((f) => /^(framework\/[^/]+\/|codegen\/|cli\/)/.test(f) && !rules.some((r) => f.startsWith(r.from + '/')));
    expect(uncovered).toEqual([]);
  });

  it('framework, codegen, cli: each layer imports only what is below it', () => {
    const violations: string[] = [];
    for (const e of edges.filter(project)) {
      const applicable = rules.filter((r) => e.from.startsWith(r.from + '/') && (!r.only || r.only.test(e.from)));
      if (applicable.length === 0) continue;
      const ok = applicable.some((r) => r.allow.some((a) => within(e.target, a)) || (e.typeOnly && (r.types ?? []).some((a) => within(e.target, a))));
      const types = applicable.flatMap((r) => r.types ?? []);
      if (!ok) violations.push(show(e, `${applicable[0]!.from} may not depend on ${e.target}${types.length ? ` (type-only imports of ${types.join(', ')} are fine)` : ''}`));
    }
    expect(violations).toEqual([]);
  });

  it('base folders do not import each other, except the multi-process bases importing the shared multiproc/', () => {
    const violations: string[] = [];
    for (const e of edges) {
      const from = /^framework\/bases\/([^/]+)\//.exec(e.from)?.[1];
      const to = /^framework\/bases\/([^/]+)\//.exec(e.target)?.[1];
      if (!from || !to || from === to || (BASES_SHARED_BY[from] ?? []).includes(to)) continue;
      violations.push(show(e, `base ${from} may not depend on base ${to}`));
    }
    expect(violations).toEqual([]);
  });

  it('samples and templates import the framework only through its public entry, as users do', () => {
    const violations = edges
      .filter((e) => (e.from.startsWith('samples/') || e.from.startsWith('templates/')) && /(^|\/)(framework|codegen|cli)\//.test(e.spec))
      .map((e) => show(e, "use 'thespian-ts'"));
    expect(violations).toEqual([]);
  });

  it('no import cycles, type-only and dynamic imports included', () => {
    expect(importCycles(files, edges)).toEqual([]);
  });
});
