import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from 'ts-morph';

/**
 * STYLE.md item 1: layers point one way. Each rule: files under `from` may import (at run
 * time) only from the listed areas; type-only imports are allowed where `types` says so.
 */
const ROOT = resolve(import.meta.dirname, '..');
const rules: { from: string; allow: string[]; types?: string[] }[] = [
  { from: 'framework/actor', allow: ['framework/actor'], types: ['framework/logging'] },
  { from: 'framework/logging', allow: ['framework/logging'], types: ['framework/actor'] },
  { from: 'framework/transport', allow: ['framework/transport', 'framework/actor', 'framework/logging'] },
  { from: 'framework/patterns', allow: ['framework/patterns', 'framework/actor', 'framework/logging'] },
  // The Director drives a running system (DirectorControl): it sits above system/, which never imports it.
  {
    from: 'framework/sources/director',
    allow: ['framework/sources', 'framework/system', 'framework/actor', 'framework/logging'],
  },
  { from: 'framework/sources', allow: ['framework/sources', 'framework/actor', 'framework/logging'] },
  {
    from: 'framework/system',
    allow: ['framework/system', 'framework/actor', 'framework/logging', 'framework/sources', 'framework/patterns'],
  },
  {
    from: 'framework/bases',
    allow: ['framework/bases', 'framework/system', 'framework/actor', 'framework/logging', 'framework/transport', 'framework/sources', 'framework/patterns'],
  },
  { from: 'codegen', allow: ['codegen'], types: ['framework'] },
];

function area(file: string): string {
  return relative(ROOT, file).split('/').slice(0, 2).join('/');
}

describe('architecture: imports point one way (STYLE.md 1)', () => {
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  project.addSourceFilesAtPaths([`${ROOT}/framework/**/*.ts`, `${ROOT}/codegen/**/*.ts`, `${ROOT}/samples/**/*.ts`, `${ROOT}/templates/**/*.ts`]);
  const files = project.getSourceFiles();

  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('framework, codegen: each layer imports only what is below it', () => {
    const violations: string[] = [];
    for (const sf of files) {
      const path = sf.getFilePath();
      const rel = relative(ROOT, path);
      const rule = rules.find((r) => rel.startsWith(r.from + '/'));
      if (!rule) continue;
      const decls = [...sf.getImportDeclarations(), ...sf.getExportDeclarations()];
      for (const d of decls) {
        const spec = d.getModuleSpecifierValue();
        if (!spec || !spec.startsWith('.')) continue;
        const target = relative(ROOT, resolve(dirname(path), spec));
        const typeOnly = 'isTypeOnly' in d && d.isTypeOnly();
        const ok =
          rule.allow.some((a) => target.startsWith(a + '/') || target === a) ||
          (typeOnly && (rule.types ?? []).some((a) => target.startsWith(a + '/')));
        if (!ok) violations.push(`${rel}:${d.getStartLineNumber()} imports ${spec} (${area(resolve(ROOT, target))})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('samples and templates import the framework only through its public entry', () => {
    const violations: string[] = [];
    for (const sf of files) {
      const rel = relative(ROOT, sf.getFilePath());
      if (!rel.startsWith('samples/') && !rel.startsWith('templates/')) continue;
      for (const d of sf.getImportDeclarations()) {
        const spec = d.getModuleSpecifierValue();
        if (spec.includes('framework/')) violations.push(`${rel}:${d.getStartLineNumber()} imports ${spec}; use 'thespian-ts'`);
      }
    }
    expect(violations).toEqual([]);
  });
});
