import { appendFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { importRegistry } from '../registry-import.js';
import type { Capabilities } from '../../../actor/context.js';
import { Admin } from '../admin/admin.js';
import { createThesplog, thesplogSettings, type Thesplog } from '../../../logging/thesplog.js';
import { adminStatePaths, removeAdminState, writeAdminState } from '../admin-state.js';
import { ensureStateDir } from '../state-dir.js';
import type { TransportKind } from '../node-config.js';
import { startAdminLinks } from './admin-links.js';
import { removeSecretFile, takeSecretFromEnv, writeSecretFile } from '../system-secret.js';
import { installCrashPolicy } from './crash-policy.js';
import type { ConventionConfig } from '../../../convention/convention-config.js';
import { checkedConventionConfig, conventionLinkKey, processLinkKey } from '../admin/convention-self.js';

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
// Until the port is known (it names the log file), lines go to stderr, which the starter shows on a failed start.
let log: Thesplog = createThesplog({ who: 'admin', fallback: (line) => process.stderr.write(line) });
installCrashPolicy('admin', (level, message) => log(level, message));

process.title = `thespian admin ${config.baseName}`;
if (config.registry) await importRegistry(resolve(config.registry));

// The starter made the secret and handed it down in our environment (never argv).
const secret = takeSecretFromEnv();
let admin: Admin | undefined;
let transport;
let secretPath = '';
let convention: ConventionConfig | undefined;
let linkKey: Uint8Array | undefined;
try {
  if (!secret) throw new Error('no system secret in the environment (an admin is started by ActorSystem.start or `thespian start`)');
  // Spec 4.11 (TCP, UDP): checked before the port opens, so a bad setting fails the start.
  convention = config.transport !== 'ipc' ? checkedConventionConfig(config.capabilities, config.host) : undefined;
  linkKey = convention && conventionLinkKey(convention, config.host);
  transport = await startAdminLinks(
    {
      onEnvelope: (env) => admin?.onEnvelope(env),
      onUndeliverable: (env, target) => admin?.undeliverable(env, target),
      onDropped: (env) => admin?.drops.dropped(env),
      log: (level, message) => log(level, message),
    },
    {
      kind: config.transport,
      host: config.host,
      port: config.port,
      secret,
      linkKey,
      convention,
      // Only another system (proved with the convention key) is sent to over the link it opened, and never under the address of one of our own processes.
      returnPaths: (address, facts) => facts.foreign === true && admin !== undefined && address !== admin.transport.address && !admin.processes.ownsRoute(address),
    },
    (level, text) => log(level, text),
  );
  const port = Number(/:(\d+)$/.exec(transport.address)?.[1]);
  secretPath = writeSecretFile(config.baseName, port, secret);
} catch (err) {
  process.stdout.write(`THESPIAN_ADMIN_FAILED ${(err as Error).message}\n`);
  process.exit(1);
}
const [, portText] = /:(\d+)$/.exec(transport.address) ?? [];
const capabilities = { ...config.capabilities, 'Admin Port': Number(portText) };
// Detached, this process has no terminal: its log (and the WARNING+ records actors send it)
// goes to a file next to its state, for `thespian logs` (THESPLOG_FILE, if set, wins: spec 4.13.3).
const logFile = process.env.THESPLOG_FILE || adminStatePaths(config.baseName, Number(portText)).log;
let startLineBytes = -1;
try {
  ensureStateDir();
  log = createThesplog({ who: 'admin', env: { ...process.env, THESPLOG_FILE: logFile } });
  // One line whatever the threshold, so the file exists and says which admin wrote it.
  const first = `${new Date().toISOString()} p${process.pid} INFO admin: ${config.baseName} admin started on port ${portText}\n`;
  appendFileSync(logFile, first);
  startLineBytes = Buffer.byteLength(first);
  writeAdminState({ base: config.baseName, port: Number(portText), pid: process.pid, startedAt: new Date().toISOString(), logFile });
} catch (err) {
  log('warning', `cannot record this admin's state in ${logFile}: ${(err as Error).message}; logging to stderr`);
}
const stop = async (): Promise<void> => {
  // Let the last replies (the shutdown answer) leave before the sockets close.
  const until = Date.now() + 2000;
  while (transport.queuedCount > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  await transport.close().catch(() => undefined);
  removeSecretFile(config.baseName, Number(portText), secret!);
  try {
    removeAdminState(config.baseName, Number(portText));
    // A log that says only that the admin started is not worth keeping (tests start hundreds).
    if (!process.env.THESPLOG_FILE && statSync(logFile).size === startLineBytes) rmSync(logFile, { force: true });
  } catch {
    /* a state file we cannot remove only makes `thespian start` read a stale pid */
  }
  process.exit(0);
};
admin = new Admin(transport, { baseName: config.baseName, transportKind: config.transport, host: config.host, capabilities, registry: config.registry, allowedRoots: config.allowedRoots, secret: secret!, ...(convention ? { convention } : {}), ...(processLinkKey(convention, linkKey) ? { conventionLinkKey: linkKey } : {}), ...(convention?.tls ? { tls: convention.tls } : {}), log, logLevel: thesplogSettings().threshold, onStopped: () => void stop() });
admin.start();
if (convention?.outboundOnly) log('info', "'Outbound Only': links from other systems are refused; this admin connects to them and they answer on those links");
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
