import { readPublicKeys } from './tls-signing.js';
import { CONFIG_FILES, startCapabilities, type DirectorConfig } from './director-config.js';
import type { Catalog } from './catalog.js';
import type { SourceEntry } from './director-protocol.js';
import { compareVersions } from './versions.js';

/** `config` (director.md 2.4.2): what `start` will use, and where each value came from. */
export function configLines(cfg: DirectorConfig): string[] {
  const keys = readPublicKeys(cfg.directorDir);
  const lines = [
    `Sources location: ${cfg.directorDir}`,
    `System Base: ${cfg.base}`,
    `Admin Port: ${cfg.adminPort ?? '(none: this base has no admin port)'}`,
    `Convention leader: ${cfg.conventionLeader === undefined ? '(none: this system leads or stands alone)' : JSON.stringify(cfg.conventionLeader)}`,
    `Logging: ${cfg.logDefs ? `${CONFIG_FILES.logDefs.file} (${Object.keys((cfg.logDefs['handlers'] as object | undefined) ?? {}).length} handlers)` : 'off (no thesplog.cfg)'}`,
    `Logging directory: ${cfg.logDir ?? '(none)'}`,
    `Other Capabilities: ${JSON.stringify(cfg.capabilities)}`,
    `Start capabilities: ${JSON.stringify(startCapabilities(cfg))}`,
    `Public keys: ${keys.length ? keys.map((k) => (k.error ? `${k.file} (unusable: ${k.error})` : k.file)).join(', ') : `none (*_tls.key): loads will be rejected`}`,
  ];
  for (const p of cfg.problems) lines.push(`ERROR ${p}`);
  return lines;
}

/** `avail` (director.md 2.7): by group, newest version first, with the hash a load gives. */
export function availLines(catalog: Catalog): string[] {
  const lines: string[] = [];
  let group: string | undefined;
  for (const s of catalog.sources) {
    if (s.group !== group) {
      group = s.group;
      lines.push(`${group}:`);
    }
    lines.push(`   ${s.version || '(unversioned)'}  ${s.hash}  ${s.file}`);
  }
  for (const u of catalog.unreadable) lines.push(`unreadable ${u.file}: ${u.reason}`);
  if (lines.length === 0) lines.push('no .tls sources available');
  return lines;
}

/** `list`: the sources the running Director holds. */
export function listLines(entries: readonly SourceEntry[]): string[] {
  if (entries.length === 0) return ['no sources loaded'];
  return [...entries]
    .sort((a, b) => (a.Group === b.Group ? compareVersions(b.Version, a.Version) : a.Group < b.Group ? -1 : 1))
    .map((e) => {
      const roles = Object.keys(e.Roles);
      return `"${e.Group}" ${e.Version || '(unversioned)'} ${e.SourceHash}${e.Active ? ' active' : ''}${e.State === 'Loading' ? ' (validating)' : ''}${roles.length ? ` roles: ${roles.join(', ')}` : ''}${e.File ? ` ${e.File}` : ''}`;
    });
}
