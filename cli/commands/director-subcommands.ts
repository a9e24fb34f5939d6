import type { Argv, CommandModule } from 'yargs';
import { DirectorControl } from '../../framework/index.js';
import { progress } from '../feedback.js';
import type { CliIo, ExitCode } from '../io.js';

interface DirArgs {
  dir?: string;
}

/** Below this many files gensrc is quick: no progress bar. */
const PROGRESS_FROM = 200;

function gensrcProgress(io: CliIo): ((done: number, total: number, file: string) => void) | undefined {
  if (!io.terminal) return undefined;
  let bar: ReturnType<typeof progress> | undefined;
  let last = 0;
  return (done, total) => {
    if (total < PROGRESS_FROM) return;
    bar ??= progress(io, `packing ${total} files`);
    const now = Date.now();
    if (done === total) bar.done(`packed ${total} files`);
    else if (now - last > 80) {
      last = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      bar.update(`packing [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    }
  };
}

/** One yargs subcommand per DirectorControl method: the CLI adds parsing and nothing else. */
/** yargs' parsed positionals: each subcommand has its own, declared in its builder, read by its handler. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one list holds subcommands whose argv types differ
type Positionals = any;

export function directorSubcommands(io: CliIo, setExit: (code: ExitCode) => void): CommandModule<object, Positionals>[] {
  const run = (make: (dc: DirectorControl, args: Positionals) => Promise<number>) => async (argv: unknown) => {
    const args = argv as DirArgs;
    const dc = new DirectorControl({ ...(args.dir ? { directorDir: args.dir } : {}), output: (t) => io.out(t), ...(gensrcProgress(io) ? { progress: gensrcProgress(io)! } : {}) });
    setExit((await make(dc, argv)) === 0 ? 0 : 1);
  };
  return [
    {
      command: 'gensrc <group> <privkey> <srcdir> <inputs..>',
      describe: 'make <dir>/<group>-<version>.tls: the files matching the globs under srcdir (** recurses), signed with privkey',
      builder: (y: Argv) =>
        y
          .positional('group', { type: 'string', describe: 'the source group (newer versions of one group replace older ones)' })
          .positional('privkey', { type: 'string', describe: 'PKCS#8 PEM private key, Ed25519 or RSA (openssl genpkey -algorithm ed25519 -out key.pem)' })
          .positional('srcdir', { type: 'string', describe: 'root of the sources; paths in the package are relative to it' })
          .positional('inputs', { type: 'string', array: true, describe: "globs (quote them), and version:V | version:date, tli:FILE, deps:FILE" })
          .example("$0 director gensrc app key.pem ./dist version:date tli:app.tli deps:deps.txt '**/*.js'", 'a dated package of every .js under ./dist'),
      handler: run((dc, a) => dc.gensrc(a.group, a.privkey, a.srcdir, ...(a.inputs as string[]))),
    },
    {
      command: 'tlsinfo <file> [what]',
      describe: "check a .tls against the *_tls.key files; 'contents' lists '<size> <path>', a path prints that file",
      builder: (y: Argv) => y.positional('file', { type: 'string' }).positional('what', { type: 'string', describe: "'contents' or a path inside the package" }),
      handler: run((dc, a) => dc.tlsinfo(a.file, a.what)),
    },
    { command: 'config', describe: 'show what start will use from the config files in the director dir', builder: (y: Argv) => y, handler: run((dc) => dc.config()) },
    { command: 'start', describe: 'start the actor system from the config files, with the Director (no effect when it runs)', builder: (y: Argv) => y, handler: run((dc) => dc.start()) },
    { command: 'shutdown', describe: 'stop the actor system: every actor gets ActorExitRequest (no OnDeactivate)', builder: (y: Argv) => y, handler: run((dc) => dc.shutdown()) },
    {
      command: 'load <target>',
      describe: 'load a group (its newest .tls), a .tls or a .tli file; starts the system if needed; runs the TLI OnLoad',
      builder: (y: Argv) => y.positional('target', { type: 'string', describe: 'group name, file.tls or group.tli' }),
      handler: run((dc, a) => dc.load(a.target)),
    },
    {
      command: 'unload <hash>',
      describe: 'OnDeactivate, then ActorExitRequest to its actors, then unload; the newest older version is reactivated',
      builder: (y: Argv) => y.positional('hash', { type: 'string', describe: "the source hash ('list' shows them)" }),
      handler: run((dc, a) => dc.unload(a.hash)),
    },
    { command: 'list', describe: 'the loaded sources: group, version, hash, roles', builder: (y: Argv) => y, handler: run((dc) => dc.list()) },
    { command: 'avail', describe: 'the .tls files in the director dir by group, newest version first, with their hashes', builder: (y: Argv) => y, handler: run((dc) => dc.avail()) },
    { command: 'refresh', describe: 'load the newest .tls of every group unless already loaded; starts the system if needed', builder: (y: Argv) => y, handler: run((dc) => dc.refresh()) },
    {
      command: 'bootstart [args..]',
      describe: "write a systemd unit (default name thespian.director) that runs 'director refresh' at boot; starts now unless 'nostart'",
      builder: (y: Argv) =>
        y
          .positional('args', { type: 'string', array: true, describe: '[name] [nostart]' })
          .option('systemd-dir', { type: 'string', describe: 'where to write the unit (default /etc/systemd/system)' }),
      handler: async (argv: unknown) => {
        const a = argv as DirArgs & { args?: string[]; systemdDir?: string };
        const dc = new DirectorControl({ ...(a.dir ? { directorDir: a.dir } : {}), output: (t) => io.out(t), ...(a.systemdDir ? { systemdDir: a.systemdDir } : {}) });
        setExit((await dc.bootstart(...(a.args ?? []))) === 0 ? 0 : 1);
      },
    },
  ];
}
