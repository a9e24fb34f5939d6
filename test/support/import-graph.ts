import { dirname, relative, resolve } from 'node:path';
import { Node, Project, SyntaxKind, type SourceFile } from 'ts-morph';

/** One import of a project file: static, `export ... from`, `import type`, `import('x')` or `import('x').T`. */
export interface ImportEdge {
  /** Importing file, relative to the repository root. */
  from: string;
  line: number;
  /** The specifier as written. */
  spec: string;
  /** Repository-relative target without extension (`framework/index`), or the bare specifier ('thespian-ts', 'node:fs'). */
  target: string;
  /** Erased at compile time: `import type`, `export type`, `import { type A }` only, or an `import('x').T` type. */
  typeOnly: boolean;
  /** `import('x')` at run time: loaded lazily, so it cannot deadlock module evaluation. */
  dynamic: boolean;
}

/** The package name resolves to the public entry, as tsconfig `paths` and the vitest alias say. */
const PACKAGE_ENTRY: Record<string, string> = { 'thespian-ts': 'framework/index' };

function targetOf(root: string, file: string, spec: string): string {
  if (PACKAGE_ENTRY[spec]) return PACKAGE_ENTRY[spec];
  if (!spec.startsWith('.')) return spec;
  return relative(root, resolve(dirname(file), spec)).replace(/\.(js|ts|mjs|mts)$/, '');
}

function declarationIsTypeOnly(node: Node): boolean {
  if (Node.isImportDeclaration(node)) {
    if (node.isTypeOnly()) return true;
    const named = node.getNamedImports();
    return !node.getDefaultImport() && !node.getNamespaceImport() && named.length > 0 && named.every((n) => n.isTypeOnly());
  }
  if (Node.isExportDeclaration(node)) {
    if (node.isTypeOnly()) return true;
    const named = node.getNamedExports();
    return named.length > 0 && named.every((n) => n.isTypeOnly());
  }
  return false;
}

function edgesOf(root: string, sf: SourceFile): ImportEdge[] {
  const path = sf.getFilePath();
  const from = relative(root, path);
  const edges: ImportEdge[] = [];
  const add = (node: Node, spec: string, typeOnly: boolean, dynamic: boolean) =>
    edges.push({ from, line: node.getStartLineNumber(), spec, target: targetOf(root, path, spec), typeOnly, dynamic });
  for (const d of [...sf.getImportDeclarations(), ...sf.getExportDeclarations()]) {
    const spec = d.getModuleSpecifierValue();
    if (spec) add(d, spec, declarationIsTypeOnly(d), false);
  }
  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getKind() !== SyntaxKind.ImportKeyword) continue;
    const arg = call.getArguments()[0];
    // A computed specifier (a user's module path) is not an edge between project files.
    if (arg && Node.isStringLiteral(arg)) add(call, arg.getLiteralValue(), false, true);
  }
  for (const t of sf.getDescendantsOfKind(SyntaxKind.ImportType)) {
    const arg = t.getArgument();
    if (Node.isLiteralTypeNode(arg)) {
      const lit = arg.getLiteral();
      if (Node.isStringLiteral(lit)) add(t, lit.getLiteralValue(), true, false);
    }
  }
  return edges;
}

/** Every import edge of the files matched by `globs` (relative to `root`). */
export function importEdges(root: string, globs: string[]): { files: string[]; edges: ImportEdge[] } {
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  project.addSourceFilesAtPaths(globs.map((g) => (g.startsWith('!') ? `!${root}/${g.slice(1)}` : `${root}/${g}`)));
  const files = project.getSourceFiles();
  return { files: files.map((f) => relative(root, f.getFilePath())), edges: files.flatMap((f) => edgesOf(root, f)) };
}

/**
 * Import cycles among `files` (strongly connected components of more than one file, or a file
 * importing itself), each as its sorted file list. Tarjan's algorithm, iterative so a deep
 * chain cannot overflow the stack.
 */
export function importCycles(files: string[], edges: ImportEdge[]): string[][] {
  const ids = new Map(files.map((f) => [f.replace(/\.(ts|mts)$/, ''), f]));
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    const to = ids.get(e.target);
    if (!to) continue;
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)!.add(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const start of [...files].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; children: string[] }[] = [];
    const visit = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: [...(next.get(node) ?? [])].sort() });
    };
    visit(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const child = top.children.shift();
      if (child !== undefined) {
        if (!index.has(child)) visit(child);
        else if (onStack.has(child)) low.set(top.node, Math.min(low.get(top.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) !== index.get(top.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== top.node);
      if (component.length > 1 || next.get(top.node)?.has(top.node)) cycles.push(component.sort());
    }
  }
  return cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}
