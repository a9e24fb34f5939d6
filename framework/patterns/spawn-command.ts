import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Command, CommandResult } from './command-messages.js';
import { OutputBuffer } from './output-buffer.js';

export interface ProcessHooks {
  started?(pid: number): void;
  stdout?(chunk: string): void;
  stderr?(chunk: string): void;
  /** Aborting stops the command (SIGTERM, SIGKILL after ABORT_GRACE_MS); its reason goes into errorReason. */
  signal?: AbortSignal;
}

const DEFAULT_MAX_BUFSIZE = 1024 * 1024;
/** Thespian's RunCommand: SIGTERM at the timeout, SIGKILL two seconds later. */
const KILL_GRACE_MS = 2000;
/** An aborted command (its actor is exiting) gets less: Thespian's exit handler kills after 0.1 s. */
const ABORT_GRACE_MS = 500;

/** Why `cmd` cannot be run at all, or undefined when it looks runnable. */
function commandProblem(cmd: Command): string | undefined {
  if (typeof cmd.exe !== 'string' || cmd.exe === '') return `Command.exe is ${JSON.stringify(cmd.exe) ?? 'missing'}: set it to the program to run, e.g. new Command('ls', ['-l'])`;
  if (!Array.isArray(cmd.args) || cmd.args.some((a) => typeof a !== 'string')) return `Command.args for '${cmd.exe}' must be an array of strings`;
  const t = cmd.timeoutMs;
  if (t !== undefined && t !== null && !(typeof t === 'number' && t >= 0)) return `Command.timeoutMs for '${cmd.exe}' must be a number of milliseconds >= 0, got ${JSON.stringify(t)}`;
  return undefined;
}

function spawnFailure(cmd: Command, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT' && cmd.cwd && !existsSync(cmd.cwd)) return `cannot run '${cmd.exe}': its working directory '${cmd.cwd}' does not exist (ENOENT)`;
  if (e.code === 'ENOENT') {
    return `command '${cmd.exe}' not found (ENOENT): check the name or give an absolute path` + (cmd.env ? '; Command.env replaces the environment, so include PATH in it' : '');
  }
  if (e.code === 'EACCES') return `command '${cmd.exe}' could not be executed (EACCES): check that it is a file with execute permission`;
  return `command '${cmd.exe}' could not be started: ${e.code ?? e.name}: ${e.message}`;
}

/**
 * Runs one Command on node:child_process and resolves (never rejects) with its result.
 * The timeout uses a plain timer on purpose: the actor is inside this handler until the
 * command ends, so a wakeupAfter could not be delivered to it in time.
 */
export function runProcess(cmd: Command, hooks: ProcessHooks = {}): Promise<CommandResult> {
  const begin = performance.now();
  const problem = commandProblem(cmd);
  if (problem) return Promise.resolve(new CommandResult(cmd, null, null, '', '', problem, 0));
  const max = cmd.maxBufSize ?? DEFAULT_MAX_BUFSIZE;
  const out = new OutputBuffer(max);
  const err = new OutputBuffer(max);
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let aborted: string | undefined;
    let settled = false;
    const finish = (exitCode: number | null, signal: string | null, reason?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve(new CommandResult(cmd, exitCode, signal, out.text(), err.text(), reason, Math.round(performance.now() - begin)));
    };
    let child: ChildProcess;
    try {
      child = spawn(cmd.exe, cmd.args, { cwd: cmd.cwd ?? undefined, env: cmd.env ?? process.env, stdio: 'pipe', windowsHide: true });
    } catch (e) {
      finish(null, null, spawnFailure(cmd, e));
      return;
    }
    child.on('error', (e) => finish(null, null, spawnFailure(cmd, e)));
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out.add(c);
      hooks.stdout?.(c);
    });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => {
      err.add(c);
      hooks.stderr?.(c);
    });
    // A command that exits without reading its input closes the pipe: that is not an error.
    child.stdin!.on('error', () => {});
    child.stdin!.end(cmd.input ?? undefined);
    if (child.pid !== undefined) hooks.started?.(child.pid);
    const stop = (graceMs: number) => {
      child.kill('SIGTERM');
      clearTimeout(killTimer);
      killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    };
    const onAbort = () => {
      aborted = String(hooks.signal?.reason ?? 'aborted');
      stop(ABORT_GRACE_MS);
    };
    if (hooks.signal?.aborted) onAbort();
    else hooks.signal?.addEventListener('abort', onAbort, { once: true });
    if (typeof cmd.timeoutMs === 'number') {
      timer = setTimeout(() => {
        timedOut = true;
        stop(KILL_GRACE_MS);
      }, cmd.timeoutMs);
    }
    child.on('close', (code, signal) => {
      hooks.signal?.removeEventListener('abort', onAbort);
      let reason: string | undefined;
      if (aborted !== undefined) reason = `command '${cmd.exe}' was stopped with ${signal ?? 'SIGTERM'} before it finished: ${aborted}`;
      else if (timedOut) reason = `command '${cmd.exe}' timed out after ${cmd.timeoutMs} ms and was stopped with ${signal ?? 'SIGTERM'}; raise Command.timeoutMs if it needs longer`;
      else if (signal) reason = `command '${cmd.exe}' was killed by ${signal}`;
      else if (code !== 0) reason = `command '${cmd.exe}' exited with code ${code}`;
      finish(code, signal, reason);
    });
  });
}
