import { Message, type ActorAddress } from '../actor/index.js';

export interface CommandOptions {
  /** Replaces the environment when given (include PATH if `exe` is a bare name). */
  env?: Record<string, string>;
  cwd?: string;
  /** Written to the command's stdin, which is then closed. */
  input?: string;
  /** SIGTERM after this long, SIGKILL two seconds later. */
  timeoutMs?: number;
  /** Receives a CommandLog for the command line, each output line and the outcome. */
  logger?: ActorAddress;
  /** Prefix of the logged lines; defaults to `exe`. */
  logTag?: string;
  /** Receives CommandOutput / CommandError chunks as the command writes them. */
  outputUpdates?: ActorAddress;
  /** The requester gets CommandStarted once the process is running. */
  reportOnStart?: boolean;
  /** Per stream; beyond it the middle of the output is dropped. Default 1 MiB. */
  maxBufSize?: number;
}

/** Spec 8.5: run `exe` with `args`; answered with a CommandResult. */
@Message({ id: 'thespian.runcommand.Command' })
export class Command {
  exe: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
  logger?: ActorAddress;
  logTag?: string;
  outputUpdates?: ActorAddress;
  reportOnStart?: boolean;
  maxBufSize?: number;

  constructor(exe = '', args: string[] = [], options: CommandOptions = {}) {
    this.exe = exe;
    this.args = args;
    for (const [k, v] of Object.entries(options)) if (v !== undefined) (this as Record<string, unknown>)[k] = v;
  }
}

/** The outcome of a Command; `ok` when it exited 0. */
@Message({ id: 'thespian.runcommand.CommandResult' })
export class CommandResult {
  constructor(
    public command: Command | null = null,
    public exitCode: number | null = null,
    public signal: string | null = null,
    public stdout = '',
    public stderr = '',
    /** Why it did not succeed: not found, timed out, killed, non-zero exit. Absent on success. */
    public errorReason?: string,
    public durationMs = 0,
  ) {}

  get ok(): boolean {
    return this.exitCode === 0 && !this.errorReason;
  }

  toString(): string {
    return this.ok ? 'CommandResult success' : `CommandResult FAILED: ${this.errorReason ?? 'unknown reason'}`;
  }
}

/** Sent to the requester when `reportOnStart` is set. */
@Message({ id: 'thespian.runcommand.CommandStarted' })
export class CommandStarted {
  constructor(
    public logTag = '',
    public pid = 0,
  ) {}
}

/** A chunk of stdout as it arrives (not necessarily whole lines), sent to `outputUpdates`. */
@Message({ id: 'thespian.runcommand.CommandOutput' })
export class CommandOutput {
  constructor(
    public logTag = '',
    public output = '',
  ) {}
}

/** A chunk of stderr as it arrives, sent to `outputUpdates`. */
@Message({ id: 'thespian.runcommand.CommandError' })
export class CommandError {
  constructor(
    public logTag = '',
    public errorOutput = '',
  ) {}
}

/** Release 3.9.1: log lines go to a logger actor, which does any filtering. */
@Message({ id: 'thespian.runcommand.CommandLog' })
export class CommandLog {
  constructor(
    public level: 'info' | 'error' = 'info',
    public message = '',
  ) {}
}
