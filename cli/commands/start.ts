import type { Argv } from 'yargs';
import { readAdminState } from '../../framework/internal.js';
import { adminOptions, adminPort, openSystem, parseCapabilities, type SystemArgs } from '../admin-connection.js';
import { paint, withProgress } from '../feedback.js';
import { CliError, type CliIo } from '../io.js';
import type { CommandFactory } from './command.js';

interface StartArgs extends SystemArgs {
  capability?: string[];
}

/** `thespian start`: an admin that keeps running after this command exits (spec 9.4); says whether it started one or found one. */
export const startCommand: CommandFactory = (io: CliIo) => ({
  command: 'start',
  describe: 'start a TCP or UDP actor system admin in the background (or report the one already running)',
  builder: (y: Argv) =>
    adminOptions(y)
      .option('capability', { type: 'string', array: true, describe: 'a capability of the new system, Name=value (repeatable)' })
      .example('$0 start', 'a multiprocTCPBase admin on port 1900')
      .example('$0 start --base multiprocUDPBase --port 1029 --capability "Has GPU=true"', 'a UDP admin with a capability'),
  handler: async (argv: unknown) => {
    const args = argv as StartArgs;
    const caps = parseCapabilities(args.capability);
    const port = adminPort(args);
    const c = paint(io);
    await withProgress(io, `looking for a ${args.base} admin on port ${port}`, async (p) => {
      let found = true;
      let asys;
      try {
        asys = await openSystem(args, true);
      } catch (err) {
        if (!(err instanceof CliError && err.code === 'NO_ADMIN')) throw err;
        found = false;
        p.update(`starting a ${args.base} admin on port ${port}`);
        asys = await openSystem(args, false, caps);
      }
      const st = await asys.status();
      const actualPort = Number(st.capabilities['Admin Port']);
      const state = readAdminState(args.base, actualPort);
      const verb = found ? c.yellow('found') : c.green('started');
      const since = found && state ? ` since ${state.startedAt}` : '';
      p.done(`${verb} ${args.base} admin on port ${actualPort}, pid ${st.pid}${since}${found && Object.keys(caps).length ? ' (already running: --capability not applied)' : ''}`);
      if (state) io.out(`log: ${state.logFile} (thespian logs --base ${args.base} --port ${actualPort})`);
      io.out(`stop it with: thespian shutdown --base ${args.base} --port ${actualPort}`);
    });
  },
});
