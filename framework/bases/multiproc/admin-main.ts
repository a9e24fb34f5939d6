import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { Capabilities } from '../../actor/context.js';
import { Admin } from './admin.js';
import { createThesplog, thesplogSettings } from '../../logging/thesplog.js';
import { startTransport, type TransportKind } from './node-config.js';

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
}

const config = JSON.parse(process.argv[2] ?? '{}') as AdminConfig;
// Spec 4.13.3: THESPLOG_FILE / _MAXSIZE / _THRESHOLD; without a file, stderr as before.
const log = createThesplog({ who: 'admin', fallback: (line) => process.stderr.write(line) });

process.title = `thespian admin ${config.baseName}`;
if (config.registry) await import(pathToFileURL(resolve(config.registry)).href);

let admin: Admin | undefined;
let transport;
try {
  transport = await startTransport(
    config.transport,
    config.host,
    {
      onEnvelope: (env) => admin?.onEnvelope(env),
      onUndeliverable: (env) => admin?.undeliverable(env),
      onDropped: (env) => admin?.drops.dropped(env),
      log: (level, message) => log(level, message),
    },
    'admin',
    config.port,
  );
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
  process.exit(0);
};
admin = new Admin(transport, { baseName: config.baseName, transportKind: config.transport, host: config.host, capabilities, registry: config.registry, log, logLevel: thesplogSettings().threshold, onStopped: () => void stop() });
admin.start();
const shutdownBySignal = (): void => {
  void admin?.shutdown().then(() => {
    admin?.tellStopped();
    return stop();
  });
};
process.on('SIGTERM', shutdownBySignal);
process.on('SIGINT', shutdownBySignal);
process.stdout.write(`THESPIAN_ADMIN_READY ${portText}\n`);
