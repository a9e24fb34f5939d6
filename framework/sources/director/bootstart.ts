import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_SERVICE_NAME = 'thespian.director';
export const DEFAULT_SYSTEMD_DIR = '/etc/systemd/system';

/**
 * A systemd unit that runs `director refresh` at boot (director.md 2.5, 2.7.1: refresh
 * starts the system and loads the newest source of every group) and `director shutdown`
 * when stopped. Writing it is all bootstart does: enabling a boot service is the
 * administrator's call (systemctl enable), which the command prints.
 */
export function systemdUnit(opts: { name: string; directorDir: string; command: string }): string {
  const quoted = opts.directorDir.includes(' ') ? `"THESPIAN_DIRECTOR_DIR=${opts.directorDir}"` : `THESPIAN_DIRECTOR_DIR=${opts.directorDir}`;
  return [
    '[Unit]',
    `Description=Thespian actor system with its Director (${opts.name}, thespian-ts)`,
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    `Environment=${quoted}`,
    `ExecStart=${opts.command} director refresh`,
    `ExecStop=${opts.command} director shutdown`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** Writes `<unitDir>/<name>.service`; returns its path. */
export function writeSystemdUnit(unitDir: string, name: string, text: string): string {
  if (!/^[A-Za-z0-9_.@-]+$/.test(name)) throw new Error(`service name '${name}' is not a systemd unit name (letters, digits, '.', '_', '-', '@')`);
  mkdirSync(unitDir, { recursive: true });
  const file = join(unitDir, `${name}.service`);
  writeFileSync(file, text);
  return file;
}

/** How this process was started as `thespian`, for the unit to run the same command. */
export function thisThespianCommand(): string {
  const script = process.argv[1] ?? '';
  return /bin\.(m?js|ts)$/.test(script) ? `${process.execPath} ${script}` : 'npx thespian';
}
