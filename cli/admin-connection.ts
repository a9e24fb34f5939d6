import type { Argv } from 'yargs';
import { ActorSystem, ActorSystemException, type SystemOptions } from '../framework/index.js';
import { CliError } from './io.js';

/** The options every command on a running TCP/UDP system takes. */
export interface SystemArgs {
  base: string;
  port?: number;
}

const ADMIN_BASES = ['multiprocTCPBase', 'multiprocUDPBase'];
const DEFAULT_PORT: Record<string, number> = { multiprocTCPBase: 1900, multiprocUDPBase: 1029 };

export function adminOptions<T>(y: Argv<T>): Argv<T & SystemArgs> {
  return y
    .option('base', { type: 'string', default: 'multiprocTCPBase', choices: ADMIN_BASES, describe: 'the system base whose admin to use' })
    .option('port', { type: 'number', describe: "the admin's port ('Admin Port'; default 1900 for TCP, 1029 for UDP)" }) as Argv<T & SystemArgs>;
}

export function adminPort(args: SystemArgs): number {
  return args.port ?? DEFAULT_PORT[args.base]!;
}

/**
 * Joins the admin on the port (joinOnly: fail with NO_ADMIN when none answers) or starts one.
 * The framework's typed errors become CliErrors with the same code.
 */
export async function openSystem(args: SystemArgs, joinOnly: boolean, extra: Record<string, unknown> = {}): Promise<ActorSystem> {
  const opts: SystemOptions = { base: args.base, transientUnique: true, logDefs: false, joinOnly, capabilities: { ...extra, 'Admin Port': adminPort(args) } };
  try {
    return await ActorSystem.start(opts);
  } catch (err) {
    if (err instanceof ActorSystemException) throw new CliError(err.message, err.code);
    throw err;
  }
}

/** 'Name=value' pairs; values that parse as JSON (numbers, true, lists) are taken as such. */
export function parseCapabilities(pairs: readonly string[] | undefined): Record<string, unknown> {
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
