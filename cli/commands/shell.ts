import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Argv } from 'yargs';
import { ensureStateDir } from '../../framework/internal.js';
import { adminOptions, openSystem, type SystemArgs } from '../admin-connection.js';
import { paint } from '../feedback.js';
import type { CliIo } from '../io.js';
import { ShellSession } from '../shell/session.js';
import type { CommandFactory } from './command.js';

interface ShellArgs extends SystemArgs {
  load?: string[];
}

const HISTORY_SIZE = 500;

function historyFile(): string | undefined {
  try {
    return path.join(ensureStateDir(), 'shell-history');
  } catch {
    return undefined; // no history rather than no shell
  }
}

function readHistory(file: string | undefined): string[] {
  if (!file) return [];
  try {
    // readline wants the newest first.
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/** `thespian shell`: an interactive session on a running TCP/UDP system (Thespian's thespian.shell). */
export const shellCommand: CommandFactory = (io: CliIo) => ({
  command: 'shell',
  describe: 'an interactive shell on a running TCP or UDP system: status, create, ask, tell, listen, kill (history and Tab completion)',
  builder: (y: Argv) =>
    adminOptions(y)
      .option('load', { type: 'string', array: true, describe: 'modules to import first (your generated registry or message classes), repeatable' })
      .example('$0 shell', 'on the admin at port 1900; type help')
      .example('$0 shell --load generated/thespian-registry.ts', 'so `ask boss Hello {"name":"you"}` builds a Hello'),
  handler: async (argv: unknown) => {
    const args = argv as ShellArgs;
    const asys = await openSystem(args, true);
    const session = new ShellSession(asys, io);
    const c = paint(io);
    for (const mod of args.load ?? []) await session.line(`load ${mod}`);
    const history = io.terminal ? historyFile() : undefined;
    const rl = readline.createInterface({
      input: io.input ?? process.stdin,
      output: io.terminal ? process.stdout : undefined,
      terminal: io.terminal ?? false,
      history: readHistory(history),
      historySize: HISTORY_SIZE,
      completer: (line: string) => session.complete(line),
      prompt: c.cyan('thespian> '),
    });
    if (io.terminal) {
      io.out(`connected to the ${args.base} admin; ${c.bold('help')} lists the commands, ${c.bold('exit')} leaves (the system keeps running)`);
      rl.prompt();
    }
    // Lines run one after another, also when they arrive faster (piped input).
    let queue = Promise.resolve();
    await new Promise<void>((resolve) => {
      rl.on('line', (text) => {
        queue = queue.then(async () => {
          if (session.ended) return;
          if (history && text.trim()) appendFileSync(history, `${text}\n`);
          await session.line(text);
          if (session.ended) rl.close();
          else if (io.terminal) rl.prompt();
        });
      });
      rl.on('close', () => void queue.then(resolve));
    });
  },
});
