import type { Argv } from 'yargs';
import { adminOptions, openSystem, type SystemArgs } from '../admin-connection.js';
import { paint } from '../feedback.js';
import type { CliIo } from '../io.js';
import { statusJson, statusText } from '../status-view.js';
import type { CommandFactory } from './command.js';

interface StatusArgs extends SystemArgs {
  json: boolean;
  watch: boolean;
  interval: number;
}

/** `thespian status`: the actor tree, counters and capabilities of a running admin. */
export const statusCommand: CommandFactory = (io: CliIo) => ({
  command: 'status',
  describe: "print a running admin's status: the actor tree (pid, uptime, mailbox, handled), counters, capabilities",
  builder: (y: Argv) =>
    adminOptions(y)
      .option('json', { type: 'boolean', default: false, describe: "print JSON (schema 'thespian-status/1', documented in cli/README.md)" })
      .option('watch', { alias: 'w', type: 'boolean', default: false, describe: 'refresh in place until interrupted (Ctrl-C)' })
      .option('interval', { type: 'number', default: 2, describe: 'seconds between refreshes with --watch' })
      .example('$0 status', 'the admin on port 1900')
      .example('$0 status --json | jq .actors', 'for scripts'),
  handler: async (argv: unknown) => {
    const args = argv as StatusArgs;
    const asys = await openSystem(args, true);
    const c = paint(io);
    const show = async (): Promise<void> => {
      const j = statusJson(await asys.status());
      io.out(args.json ? JSON.stringify(j, null, 2) : statusText(j, c));
    };
    if (!args.watch) return show();
    let stop = false;
    const interrupted = new Promise<void>((resolve) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => ((stop = true), resolve()));
    });
    while (!stop) {
      // At a terminal: home the cursor and clear, so the tree redraws in place.
      if (io.terminal && !args.json) io.out('\x1b[H\x1b[2J');
      await show();
      if (!io.terminal) io.out('');
      await Promise.race([interrupted, new Promise((r) => setTimeout(r, Math.max(0.2, args.interval) * 1000))]);
    }
  },
});
