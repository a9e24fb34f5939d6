import type { Argv } from 'yargs';
import { ActorSystem, ActorSystemException, type SystemOptions } from '../../framework/index.js';
import { CliError, type CliIo } from '../io.js';
import type { CommandFactory } from './command.js';

interface SystemArgs {
  base: string;
  port?: number;
  capability?: string[];
}

const ADMIN_BASES = ['multiprocTCPBase', 'multiprocUDPBase'];
const DEFAULT_PORT: Record<string, number> = { multiprocTCPBase: 1900, multiprocUDPBase: 1029 };

function options(y: Argv): Argv<SystemArgs> {
  return y
    .option('base', { type: 'string', default: 'multiprocTCPBase', choices: ADMIN_BASES, describe: 'the system base whose admin to use' })
    .option('port', { type: 'number', describe: "the admin's port ('Admin Port'; default 1900 for TCP, 1029 for UDP)" }) as Argv<SystemArgs>;
}

/** 'Name=value' pairs; values that parse as JSON (numbers, true, lists) are taken as such. */
function capabilities(pairs: string[] | undefined): Record<string, unknown> {
  const caps: Record<string, unknown> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`--capability '${pair}' is not Name=value (e.g. --capability "Has GPU=true")`, 'BAD_CAPABILITY');
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      /* a plain string */
    }
    caps[pair.slice(0, eq)] = value;
  }
  return caps;
}

async function open(args: SystemArgs, joinOnly: boolean, extra: Record<string, unknown> = {}): Promise<ActorSystem> {
  const port = args.port ?? DEFAULT_PORT[args.base]!;
  const opts: SystemOptions = { base: args.base, transientUnique: true, logDefs: false, joinOnly, capabilities: { ...extra, 'Admin Port': port } };
  try {
    return await ActorSystem.start(opts);
  } catch (err) {
    if (err instanceof ActorSystemException) throw new CliError(err.message, err.code);
    throw err;
  }
}

/** `thespian start`: an admin that keeps running after this command exits (spec 9.4). */
export const startCommand: CommandFactory = (io: CliIo) => ({
  command: 'start',
  describe: 'start a TCP or UDP actor system admin in the background (or report the one already running)',
  builder: (y: Argv) =>
    options(y).option('capability', { type: 'string', array: true, describe: 'a capability of the new system, Name=value (repeatable)' }),
  handler: async (argv: unknown) => {
    const args = argv as SystemArgs;
    const asys = await open(args, false, capabilities(args.capability));
    const st = await asys.status();
    io.out(`${args.base} admin running on port ${String(st.capabilities['Admin Port'])}, pid ${st.pid} (stop it with: thespian shutdown --base ${args.base} --port ${String(st.capabilities['Admin Port'])})`);
  },
});

/** `thespian status`: what a running admin knows, in words. */
export const statusCommand: CommandFactory = (io: CliIo) => ({
  command: 'status',
  describe: "print a running admin's status: actors, global names, capabilities, counters",
  builder: (y: Argv) => options(y).option('json', { type: 'boolean', default: false, describe: 'print JSON instead of text' }),
  handler: async (argv: unknown) => {
    const args = argv as SystemArgs & { json: boolean };
    const asys = await open(args, true);
    const st = await asys.status();
    io.out(args.json ? JSON.stringify({ ...st, actors: st.actors.map(String), globalNames: Object.fromEntries(Object.entries(st.globalNames).map(([k, v]) => [k, String(v)])) }, null, 2) : String(st));
  },
});

/** `thespian shutdown`: every actor gets ActorExitRequest, then the admin exits. */
export const shutdownCommand: CommandFactory = (io: CliIo) => ({
  command: 'shutdown',
  describe: 'shut down a running TCP or UDP actor system (all its actors, then its admin)',
  builder: (y: Argv) => options(y),
  handler: async (argv: unknown) => {
    const args = argv as SystemArgs;
    const asys = await open(args, true);
    const pid = (await asys.status()).pid;
    await asys.shutdown();
    io.out(`${args.base} admin (pid ${pid}) and its actors shut down`);
  },
});
