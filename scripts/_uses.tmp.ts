import { Project, SyntaxKind } from 'ts-morph';
import { relative, resolve, dirname } from 'node:path';
const ROOT = process.cwd();
const p = new Project({ skipAddingFilesFromTsConfig: true });
p.addSourceFilesAtPaths(['framework/**/*.ts', 'codegen/**/*.ts', 'cli/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'samples/**/*.ts', 'templates/**/*.ts', 'scripts/**/*.ts', '!**/node_modules/**']);
const uses = new Map<string, Set<string>>();
const star: string[] = [];
for (const sf of p.getSourceFiles()) {
  const rel = relative(ROOT, sf.getFilePath());
  for (const d of [...sf.getImportDeclarations(), ...sf.getExportDeclarations()]) {
    const spec = d.getModuleSpecifierValue();
    if (!spec) continue;
    const isEntry = spec === 'thespian-ts' || (spec.startsWith('.') && relative(ROOT, resolve(dirname(sf.getFilePath()), spec)) === 'framework/index.js');
    if (!isEntry || rel === 'framework/index.ts') continue;
    const named = 'getNamedImports' in d ? d.getNamedImports() : d.getNamedExports();
    if ('getNamespaceImport' in d && d.getNamespaceImport()) star.push(rel);
    for (const n of named) {
      const name = n.getName();
      if (!uses.has(name)) uses.set(name, new Set());
      uses.get(name)!.add(rel.split('/').slice(0, rel.startsWith('test/') ? 2 : 1).join('/'));
    }
  }
}
console.log('namespace imports:', star.join(' '));
for (const [n, s] of [...uses].sort()) console.log(n.padEnd(28), [...s].sort().join(' '));
