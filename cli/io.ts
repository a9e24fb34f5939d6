/** Where commands print: the bin passes the process streams, tests may capture. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** A command's outcome: 0 ok, 1 the work failed (diagnostics, stale files), 2 bad usage. */
export type ExitCode = 0 | 1 | 2;

/** Thrown by a command for a user mistake it can explain; the CLI prints it and exits 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
