/**
 * Codegen diagnostics are data, not exceptions: the scanner collects them all so one run
 * reports every mistake, and the CLI decides how to print them and which exit code to use.
 */
export interface Diagnostic {
  /** Stable id (THS0xx) so docs, tests and users can refer to one kind of mistake. */
  code: DiagnosticCode;
  /** Path relative to the project directory (the tsconfig's folder), POSIX separators. */
  file: string;
  line: number;
  col: number;
  /** What is wrong, naming the offending code. */
  message: string;
  /** How to fix it. */
  fix: string;
}

export const DIAGNOSTIC_CODES = {
  THS001: 'two message classes share one type id',
  THS002: '@Receive names something that is not a class',
  THS003: 'a @Receive handler has the wrong parameters',
  THS004: 'two handlers for one message type in one class',
  THS005: 'an @Actor class is not exported',
  THS006: 'a message class has a function-valued field',
  THS007: 'a message class constructor has required arguments',
  THS008: 'an actor module cannot be imported by path',
  THS009: 'two @Actor classes share one name',
  THS010: 'a message class is not exported',
  THS011: 'the project cannot be loaded',
  THS012: 'a class-transformer @Type names no restorable class',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** `file:line:col: error THS001: message\n  fix: ...`, the shape editors and CI logs link. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: error ${d.code}: ${d.message}\n  fix: ${d.fix}`;
}

/** Sorted by location then code, so output order never depends on scan order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => cmp(a.file, b.file) || a.line - b.line || a.col - b.col || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
