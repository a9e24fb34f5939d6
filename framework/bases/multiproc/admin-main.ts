import { resolve } from 'node:path';
import { importRegistry } from './registry-import.js';
import type { Capabilities } from '../../actor/context.js';
import { Admin } from './admin.js';
import { createThesplog, thesplogSettings } from '../../logging/thesplog.js';
import { startTransport, type TransportKind } from './node-config.js';
import { removeSecretFile, takeSecretFromEnv, writeSecretFile } from './system-secret.js';
import { installCrashPolicy } from './crash-policy.js';

/**
 * Entry of a TCP/UDP admin process. It prints one line, `THESPIAN_ADMIN_READY <port>` (or
 * `THESPIAN_ADMIN_FAILED <why>`), for its starter, then serves until shut down.
 */
interface AdminConfig {
  baseName: string;
  transport: TransportKind;
  host: string;
  port: number;
  capabilities: Capabilities;
  registry?: string;
  /** Computed by the starter (its cwd, its project): where 'path:Export' specs may point. */
  allowedRoots: string[];
}

const config = JSON.parse(process.argv[2] ?? '{}') as AdminConfig;
// Spec 4.13.3: THESPLOG_FILE / _MAXSIZE / _THRESHOLD; without a file, stderr as before.
const log = createThesplog({ who: 'admin', fallback: (line) => process.stderr.write(line) });
installCrashPolicy('admin', log);

process.title = `thespian admin ${config.baseName}`;
if (config.registry) await importRegistry(resolve(config.registry));

// The starter made the secret and handed it down in our environment (never argv).
const secret = takeSecretFromEnv();
let admin: Admin | undefined;
let transport;
let secretPath = '';
try {
  if (!secret) throw new Error('no system secret in the environment (an admin is started by ActorSystem.start or `thespian start`)');
  transport = await startTransport(
    config.transport,
    config.host,
    {
      onEnvelope: (env) => admin?.onEnvelope(env),
      onUndeliverable: (env) => admin?.undeliverable(env),
      log: (level, message) => log(level, message),
    },
    'admin',
    config.port,
    secret,
  );
  const port = Number(/:(\d+)$/.exec(transport.address)?.[1]);
  secretPath = writeSecretFile(config.baseName, port, secret);
} catch (err) {
  process.stdout.write(`THESPIAN_ADMIN_FAILED ${(err as Error).message}\n`);
  process.exit(1);
}
const [, portText] = /:(\d+)$/.exec(transport.address) ?? [];
const capabilities = { ...config.capabilities, 'Admin Port': Number(portText) };
const stop = async (): Promise<void> => {
  // Let the last replies (the shutdown answer) leave before the sockets close.
  const until = Date.now() + 2000;
  while (transport.queuedCount > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  await transport.close().catch(() => undefined);
  removeSecretFile(config.baseName, Number(portText), secret!);
  process.exit(0);
};
admin = new Admin(transport, { baseName: config.baseName, transportKind: config.transport, host: config.host, capabilities, registry: config.registry, allowedRoots: config.allowedRoots, secret: secret!, log, logLevel: thesplogSettings().threshold, onStopped: () => void stop() });
admin.start();
const shutdownBySignal = (): void => {
  void admin?.shutdown().then(() => {
    admin?.tellStopped();
    return stop();
  });
};
process.on('SIGTERM', shutdownBySignal);
process.on('SIGINT', shutdownBySignal);
log('info', `admin of ${config.baseName} on ${transport.address}: links authenticated with the system secret in ${secretPath}`);
process.stdout.write(`THESPIAN_ADMIN_READY ${portText}\n`);
