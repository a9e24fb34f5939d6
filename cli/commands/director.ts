import type { Argv } from 'yargs';
import type { CliIo } from '../io.js';
import type { CommandFactory } from './command.js';
import { directorSubcommands } from './director-subcommands.js';

/**
 * `thespian director <command>` (director.md): signed source packages and a long-running
 * system that loads them. Each subcommand is a DirectorControl method; see director-subcommands.ts.
 */
export const directorCommand: CommandFactory = (io: CliIo, setExit) => ({
  command: 'director <command>',
  describe: 'the Director: make signed source packages (.tls), start a system from THESPIAN_DIRECTOR_DIR, load/refresh/unload sources',
  builder: (y: Argv) => {
    let b = y
      .option('dir', { type: 'string', describe: 'the director dir (default: $THESPIAN_DIRECTOR_DIR, else /opt/thespian/director)' })
      .epilogue(
        'Config files in the director dir, one JSON value each: systembase.cfg ("multiprocTCPBase"), adminport.cfg (1900), ' +
          'convleader.cfg ("host:port"), othercaps.cfg ({"Name": value}), thesplog.cfg (logDefs), thesplogd.cfg ("/log/dir"). ' +
          'Public keys: *_tls.key (SPKI PEM). See samples/director/README.md.',
      )
      .demandCommand(1, 'name a director command (see the list above)');
    for (const sub of directorSubcommands(io, setExit)) b = b.command(sub);
    return b;
  },
  handler: () => undefined,
});
