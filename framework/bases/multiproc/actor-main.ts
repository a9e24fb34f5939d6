import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { IpcTransport } from '../../transport/index.js';
import { ActorProcess } from './actor-process.js';
import { createThesplog } from '../../logging/thesplog.js';
import { parseChildConfig, startTransport } from './node-config.js';

/**
 * Entry of an actor's process. It starts as a warm spare: transport up, framework loaded,
 * announced to the admin; the admin's 'start' order turns it into one actor.
 */
const config = parseChildConfig(process.argv[2]);
// Load the public entry now, while this process is only a spare: actor modules import it,
// and creation should not wait for it.
await import('../../index.js');
if (config.registry) await import(pathToFileURL(resolve(config.registry)).href);

let proc: ActorProcess | undefined;
const transport = await startTransport(
  config.transport,
  config.host,
  {
    onEnvelope: (env) => proc?.onEnvelope(env),
    onUndeliverable: (env) => proc?.undeliverable(env),
    onDropped: (env) => proc?.drops.dropped(env),
    // Acknowledged only when the actor takes a message: a kill -9 with a full mailbox leaves
    // those messages unacknowledged, and their senders dead-letter them.
    settlesEnvelopes: true,
    // Spec 4.13.3: THESPLOG_FILE when set, else stderr (inherited from the admin) as before.
    log: createThesplog({ who: 'actor', fallback: (line) => process.stderr.write(line) }),
  },
  `c${process.pid}`,
);
if (config.transport === 'ipc') (transport as IpcTransport).attach('admin', process);

const exit = (code: number): void => {
  process.exitCode = code;
  setImmediate(() => process.exit(code));
};
proc = new ActorProcess(transport, config.adminRoute, config.adminKey, exit, config.transport === 'ipc');
// Bound to the admin: when it goes, so does every actor (no orphans).
process.on('disconnect', () => exit(0));
process.on('SIGTERM', () => exit(0));
proc.announce();
