import { exitWithParent, installCrashPolicy } from './crash-policy.js';

/**
 * Entry of an actor's process. It starts as a warm spare: transport up, framework loaded,
 * announced to the admin; the admin's 'start' order turns it into one actor.
 */
const exit = (code: number): void => {
  process.exitCode = code;
  setImmediate(() => process.exit(code));
};
// First, before any await: when the admin goes, so does this process, whatever its stage.
exitWithParent(() => exit(0));
process.on('SIGTERM', () => exit(0));

const { resolve } = await import('node:path');
const { createThesplog } = await import('../../../logging/thesplog.js');
const { parseChildConfig, startTransport } = await import('../node-config.js');
const { takeConventionKeyFromEnv, takeSecretFromEnv } = await import('../system-secret.js');
// Spec 4.13.3: THESPLOG_FILE when set, else stderr (inherited from the admin) as before.
const log = createThesplog({ who: 'actor', fallback: (line) => process.stderr.write(line) });
installCrashPolicy('actor process', log);

const config = parseChildConfig(process.argv[2]);
// From the admin's environment for us, not argv (which `ps` shows); none over IPC (trusted).
const secret = takeSecretFromEnv();
// In a convention routed directly: links from other systems' actors prove this key (spec 9.4).
const conventionKey = takeConventionKeyFromEnv();
// Load the public entry now, while this process is only a spare: actor modules import it,
// and creation should not wait for it.
await import('../../../index.js');
if (config.registry) {
  const { importRegistry } = await import('../registry-import.js');
  await importRegistry(resolve(config.registry));
}
const { ActorProcess } = await import('../actor-process/actor-process.js');
// Pooled mode: a host of many actors instead of one (actor-process/host-process.ts).
const { HostProcess } = config.pooled ? await import('../actor-process/host-process.js') : { HostProcess: undefined };

let proc: InstanceType<typeof ActorProcess> | InstanceType<NonNullable<typeof HostProcess>> | undefined;
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
    log,
  },
  `c${process.pid}`,
  0,
  { secret, conventionKey, ...(config.tls ? { tls: config.tls } : {}) },
);
if (config.transport === 'ipc') {
  const { IpcTransport } = await import('../../../transport/index.js');
  if (transport instanceof IpcTransport) transport.attach('admin', process);
}
proc = HostProcess
  ? new HostProcess(transport, config.adminRoute, config.adminKey, config.allowedRoots, config.transport === 'ipc', log, conventionKey !== undefined)
  : new ActorProcess(transport, config.adminRoute, config.adminKey, exit, config.allowedRoots, config.transport === 'ipc', log, conventionKey !== undefined);
proc.announce();
if (config.typescript) {
  const { preloadTypeScript } = await import('../../../system/module-import.js');
  preloadTypeScript(config.typescript.tsconfig || undefined).catch((err: Error) => log('warning', `could not preload TypeScript support: ${err.message}`));
}
