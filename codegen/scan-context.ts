import { Node, type ClassDeclaration, type SourceFile } from 'ts-morph';
import type { Diagnostic, DiagnosticCode } from './diagnostics.js';
import { relativePath } from './project.js';

/** Shared state of one scan: which files are the project's, and the diagnostics so far. */
export class ScanContext {
  readonly diagnostics: Diagnostic[] = [];
  private readonly rootPaths: Set<string>;
  /** Project classes that must be restorable as messages, found while scanning handlers and fields. */
  readonly messageClasses = new Set<ClassDeclaration>();

  constructor(
    readonly projectDir: string,
    rootFiles: readonly SourceFile[],
  ) {
    this.rootPaths = new Set(rootFiles.map((f) => f.getFilePath()));
  }

  isProjectFile(sf: SourceFile): boolean {
    return this.rootPaths.has(sf.getFilePath());
  }

  rel(sf: SourceFile): string {
    return relativePath(this.projectDir, sf.getFilePath());
  }

  /** Records a diagnostic at `node`, quoting its text so the message names the offending code. */
  report(node: Node, code: DiagnosticCode, message: string, fix: string): void {
    // Point at the name, not at the decorators above a class or method.
    const at = (Node.isClassDeclaration(node) || Node.isMethodDeclaration(node)) ? (node.getNameNode() ?? node) : node;
    const sf = at.getSourceFile();
    const { line, column } = sf.getLineAndColumnAtPos(at.getStart());
    this.diagnostics.push({ code, file: this.rel(sf), line, col: column, message, fix });
  }
}

/** The decorator named `name` on a node, matched by identifier (aliased imports are not followed). */
export function decoratorNamed(node: { getDecorators(): import('ts-morph').Decorator[] }, name: string) {
  return node.getDecorators().find((d) => d.getName() === name);
}
