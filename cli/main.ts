import yargs from 'yargs';
import { commands } from './commands/index.js';
import { CliError, type CliIo, type ExitCode } from './io.js';
import { paint } from './feedback.js';
import { packageVersion } from './package-root.js';

class UsageStop extends Error {}

/**
 * Parses `argv` and runs the command; resolves to the exit code. Usage mistakes (unknown
 * command or flag, missing argument) print the usage and give 2.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exit: ExitCode = 0;
  let usageError: string | undefined;
  const setExit = (code: ExitCode): void => {
    exit = code;
  };
  const parser = yargs([...argv])
    .scriptName('thespian')
    .usage('$0 <command> [options]\n\nthespian-ts: an actor system for TypeScript, and its code generator.')
    .version(packageVersion())
    .help()
    .alias('h', 'help')
    .strict()
    .demandCommand(1, 'name a command (see the list above)')
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err) => {
      // A command that threw is not a usage mistake: let it propagate.
      if (err instanceof Error && err.name !== 'YError') throw err;
      usageError = msg ?? (err instanceof Error ? err.message : 'invalid usage');
      // Throwing stops yargs: with exitProcess(false) it would otherwise run the handler anyway.
      throw new UsageStop();
    });
  for (const make of commands) parser.command(make(io, setExit));
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof UsageStop) {
      // handled below
    } else if (err instanceof CliError) {
      io.err(`${paint(io).red(`error ${err.code}:`)} ${err.message}`);
      return 1;
    } else {
      throw err;
    }
  }
  if (usageError !== undefined) {
    parser.showHelp((s) => io.err(s));
    io.err(`\n${usageError}`);
    return 2;
  }
  return exit;
}
