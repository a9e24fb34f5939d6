import { resolve } from 'node:path';
import { importRegistry } from './registry-import.js';
import { preloadTypeScript } from '../../system/module-import.js';
import type { IpcTransport } from '../../transport/index.js';
import { ActorProcess } from './actor-process.js';
import { createThesplog } from '../../logging/thesplog.js';
import { parseChildConfig, startTransport } from './node-config.js';
import { takeSecretFromEnv } from './system-secret.js';

/**
 * Entry of an actor's process. It starts as a warm spare: transport up, framework loaded,
 * announced to the admin; the admin's 'start' order turns it into one actor.
 */
const config = parseChildConfig(process.argv[2]);
// From the admin's environment for us, not argv (which `ps` shows); none over IPC (trusted).
const secret = takeSecretFromEnv();
// Load the public entry now, while this process is only a spare: actor modules import it,
// and creation should not wait for it.
await import('../../index.js');
if (config.registry) await importRegistry(resolve(config.registry));

let proc: ActorProcess | undefined;
const transport = await startTransport(
  config.transport,
  config.host,
  {
    onEnvelope: (env) => proc?.onEnvelope(env),
    onUndeliverable: (env) => proc?.undeliverable(env),
    // Spec 4.13.3: THESPLOG_FILE when set, else stderr (inherited from the admin) as before.
    log: createThesplog({ who: 'actor', fallback: (line) => process.stderr.write(line) }),
  },
  `c${process.pid}`,
  0,
  secret,
);
if (config.transport === 'ipc') (transport as IpcTransport).attach('admin', process);

const exit = (code: number): void => {
  process.exitCode = code;
  setImmediate(() => process.exit(code));
};
proc = new ActorProcess(transport, config.adminRoute, config.adminKey, exit, config.allowedRoots, config.transport === 'ipc');
// Bound to the admin: when it goes, so does every actor (no orphans).
process.on('disconnect', () => exit(0));
process.on('SIGTERM', () => exit(0));
proc.announce();
if (config.typescript) {
  preloadTypeScript(config.typescript.tsconfig || undefined).catch((err: Error) => process.stderr.write(`thespian actor ${process.pid}: ${err.message}\n`));
}
