import { Actor, ActorBase, ActorExitRequest, Message, Receive, holdOpen, type ActorAddress } from '../actor/index.js';
import { Command, CommandError, CommandLog, CommandOutput, CommandResult, CommandStarted } from './command-messages.js';
import { LineSplitter } from './output-buffer.js';
import { runProcess } from './spawn-command.js';

/** The running command has ended: sent by the actor to itself, so its answer leaves from a handler. */
@Message({ id: 'thespian.runcommand.CommandFinished' })
export class CommandFinished {
  constructor(public id = 0) {}
}

interface Job {
  id: number;
  cmd: Command;
  sender: ActorAddress;
  result?: CommandResult;
}

/**
 * Spec 8.5: runs each Command it receives in a child process and answers its sender with
 * a CommandResult, one command at a time per actor (create several, or a troupe of them,
 * to run commands in parallel). The handler does not wait for the command, so the actor
 * still hears an ActorExitRequest while one runs: that stops it (SIGTERM, then SIGKILL),
 * answers its requester with what it printed so far, and cancels the queued ones, as
 * Thespian's RunCommand does. troupeWorkInProgress stays set while commands are open.
 */
@Actor()
export class RunCommand extends ActorBase {
  private readonly queue: Job[] = [];
  private running: { job: Job; abort: AbortController; done: Promise<void> } | undefined;
  private seq = 0;

  @Receive(Command)
  runCommand(cmd: Command, sender: ActorAddress): void {
    this.queue.push({ id: ++this.seq, cmd, sender });
    this.troupeWorkInProgress = true;
    this.startNext();
  }

  @Receive(CommandFinished)
  finished(m: CommandFinished): void {
    const job = this.running?.job;
    if (!job || job.id !== m.id || !job.result) return;
    this.running = undefined;
    this.send(job.sender, job.result);
    this.startNext();
    if (!this.running) this.troupeWorkInProgress = false;
  }

  @Receive(ActorExitRequest)
  async exiting(): Promise<void> {
    for (const job of this.queue.splice(0)) {
      this.send(job.sender, new CommandResult(job.cmd, null, null, '', '', `command '${job.cmd.exe}' was not started: the RunCommand actor exited first`));
    }
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.abort.abort('the RunCommand actor received ActorExitRequest');
    await running.done;
    this.send(running.job.sender, running.job.result!);
  }

  private startNext(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    const abort = new AbortController();
    const done = this.execute(job, abort.signal).then((result) => {
      job.result = result;
      // After an abort the exit handler answers; the actor may be gone by now.
      if (!abort.signal.aborted) this.send(this.myAddress, new CommandFinished(job.id));
    });
    this.running = { job, abort, done };
    holdOpen(this, done);
  }

  private async execute(job: Job, signal: AbortSignal): Promise<CommandResult> {
    const { cmd, sender } = job;
    const tag = cmd.logTag || cmd.exe;
    const log = (level: 'info' | 'error', text: string) => {
      if (cmd.logger) this.send(cmd.logger, new CommandLog(level, `${tag} ${text}`));
    };
    log('info', `CMD: ${[cmd.exe, ...(Array.isArray(cmd.args) ? cmd.args : [])].join(' ')}`);
    const outLines = new LineSplitter();
    const errLines = new LineSplitter();
    const result = await runProcess(cmd, {
      signal,
      started: (pid) => {
        if (cmd.reportOnStart) this.send(sender, new CommandStarted(tag, pid));
      },
      stdout: (chunk) => {
        if (cmd.outputUpdates) this.send(cmd.outputUpdates, new CommandOutput(tag, chunk));
        for (const line of outLines.push(chunk)) log('info', `OUT: ${line}`);
      },
      stderr: (chunk) => {
        if (cmd.outputUpdates) this.send(cmd.outputUpdates, new CommandError(tag, chunk));
        for (const line of errLines.push(chunk)) log('info', `ERR: ${line}`);
      },
    });
    for (const line of outLines.flush()) log('info', `OUT: ${line}`);
    for (const line of errLines.flush()) log('info', `ERR: ${line}`);
    if (result.ok) log('info', `finished in ${result.durationMs} ms`);
    else log('error', `FAILED: ${result.errorReason ?? 'unknown reason'}`);
    return result;
  }
}
