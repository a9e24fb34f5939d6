/** Where commands print: the bin passes the process streams, tests may capture. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Colour and spinners are for a person at a terminal; absent (tests, pipes, CI): plain lines. */
  readonly terminal?: boolean;
  /** Colour allowed (a terminal without NO_COLOR, or FORCE_COLOR). */
  readonly color?: boolean;
  /** A line typed by the user (the shell); absent: stdin is not offered. */
  readonly input?: NodeJS.ReadableStream;
}

function colorWanted(env: NodeJS.ProcessEnv, tty: boolean): boolean {
  // https://no-color.org: any non-empty NO_COLOR turns colour off; FORCE_COLOR=0 too.
  if (env.NO_COLOR || env.FORCE_COLOR === '0') return false;
  return tty || (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '');
}

// A terminal of no width (some ptys) would make a spinner redraw forever: plain lines then.
const tty = Boolean(process.stdout.isTTY) && (process.stdout.columns ?? 0) > 0 && process.env.TERM !== 'dumb' && !process.env.CI;

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  terminal: tty,
  color: colorWanted(process.env, tty),
  input: process.stdin,
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
