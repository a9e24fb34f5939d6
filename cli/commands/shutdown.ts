import type { Argv } from 'yargs';
import { adminOptions, openSystem, type SystemArgs } from '../admin-connection.js';
import { withProgress } from '../feedback.js';
import type { CliIo } from '../io.js';
import type { CommandFactory } from './command.js';

/** `thespian shutdown`: every actor gets ActorExitRequest, then the admin exits. */
export const shutdownCommand: CommandFactory = (io: CliIo) => ({
  command: 'shutdown',
  describe: 'shut down a running TCP or UDP actor system (all its actors, then its admin)',
  builder: (y: Argv) => adminOptions(y),
  handler: async (argv: unknown) => {
    const args = argv as SystemArgs;
    await withProgress(io, `shutting down the ${args.base} admin`, async (p) => {
      const asys = await openSystem(args, true);
      const pid = (await asys.status()).pid;
      await asys.shutdown();
      p.done(`${args.base} admin (pid ${pid}) and its actors shut down`);
    });
  },
});
