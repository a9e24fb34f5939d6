import { Actor, ActorBase, Receive, type ActorAddress } from '../actor/index.js';
import { Command, CommandError, CommandLog, CommandOutput, CommandStarted } from './command-messages.js';
import { LineSplitter } from './output-buffer.js';
import { runProcess } from './spawn-command.js';

/**
 * Spec 8.5: runs each Command it receives in a child process and answers its sender with
 * a CommandResult. The handler is async, so commands run one at a time per RunCommand
 * actor (create several, or a troupe of them, to run commands in parallel) while the rest
 * of the system keeps going.
 */
@Actor()
export class RunCommand extends ActorBase {
  @Receive(Command)
  async runCommand(cmd: Command, sender: ActorAddress): Promise<void> {
    const tag = cmd.logTag || cmd.exe;
    const log = (level: 'info' | 'error', text: string) => {
      if (cmd.logger) this.send(cmd.logger, new CommandLog(level, `${tag} ${text}`));
    };
    log('info', `CMD: ${[cmd.exe, ...(Array.isArray(cmd.args) ? cmd.args : [])].join(' ')}`);
    const outLines = new LineSplitter();
    const errLines = new LineSplitter();
    const result = await runProcess(cmd, {
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
    this.send(sender, result);
  }
}
