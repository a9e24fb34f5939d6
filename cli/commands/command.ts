import type { CommandModule } from 'yargs';
import type { CliIo, ExitCode } from '../io.js';

/**
 * One CLI command per file under cli/commands: each exports a factory taking the io and a
 * setter for the exit code, so handlers never call process.exit (only cli/bin.ts does).
 */
export type CommandFactory = (io: CliIo, setExit: (code: ExitCode) => void) => CommandModule<object, unknown>;
