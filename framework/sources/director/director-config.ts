import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export const DIRECTOR_DIR_ENV = 'THESPIAN_DIRECTOR_DIR';
/** Thespian's Unix default (director.md 2.1). */
export const DEFAULT_DIRECTOR_DIR = '/opt/thespian/director';

/**
 * One JSON value per file (director.md 2.4: a tool rewrites a whole file, never edits a
 * format in place). Thespian's files hold Python literals; ours hold JSON, never code.
 */
export const CONFIG_FILES = {
  systemBase: { file: 'systembase.cfg', describe: 'system base name, e.g. "multiprocTCPBase" (default)' },
  adminPort: { file: 'adminport.cfg', describe: 'Admin Port number (default 1900 for TCP, 1029 for UDP)' },
  conventionLeader: { file: 'convleader.cfg', describe: 'convention leader "host:port" (or a list of them)' },
  capabilities: { file: 'othercaps.cfg', describe: 'other capabilities, an object such as {"Worker": true}' },
  logDefs: { file: 'thesplog.cfg', describe: 'logging configuration (logDefs object, Python dictConfig shape)' },
  logDir: { file: 'thesplogd.cfg', describe: 'directory for relative log file names in thesplog.cfg' },
} as const;

const DEFAULT_PORTS: Record<string, number> = { multiprocTCPBase: 1900, multiprocUDPBase: 1029 };

export interface DirectorConfig {
  directorDir: string;
  base: string;
  adminPort?: number;
  conventionLeader?: string | string[];
  capabilities: Record<string, unknown>;
  logDefs?: Record<string, unknown>;
  logDir?: string;
  /** Config files present but unusable: `config` prints them, `start` refuses. */
  problems: string[];
}

export function directorDir(explicit?: string): string {
  return resolve(explicit ?? process.env[DIRECTOR_DIR_ENV] ?? DEFAULT_DIRECTOR_DIR);
}

function readJson(dir: string, file: string, problems: string[]): unknown {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    problems.push(`${path}: not a JSON value (${(err as Error).message}); write e.g. ${file === 'convleader.cfg' ? '"192.168.32.19:1900"' : '{"Name": true}'}`);
    return undefined;
  }
}

/** What `start` will use, read now (the files may be rewritten at any time). */
export function readDirectorConfig(dir: string): DirectorConfig {
  const problems: string[] = [];
  const get = (key: keyof typeof CONFIG_FILES): unknown => readJson(dir, CONFIG_FILES[key].file, problems);
  const wrong = (key: keyof typeof CONFIG_FILES): void => {
    problems.push(`${join(dir, CONFIG_FILES[key].file)}: expected ${CONFIG_FILES[key].describe}`);
  };
  const cfg: DirectorConfig = { directorDir: dir, base: 'multiprocTCPBase', capabilities: {}, problems };
  const base = get('systemBase');
  if (typeof base === 'string') cfg.base = base;
  else if (base !== undefined) wrong('systemBase');
  const port = get('adminPort');
  if (typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536) cfg.adminPort = port;
  else if (port !== undefined) wrong('adminPort');
  else if (DEFAULT_PORTS[cfg.base] !== undefined) cfg.adminPort = DEFAULT_PORTS[cfg.base];
  const leader = get('conventionLeader');
  if (typeof leader === 'string' || (Array.isArray(leader) && leader.every((l) => typeof l === 'string'))) cfg.conventionLeader = leader;
  else if (leader !== undefined) wrong('conventionLeader');
  const caps = get('capabilities');
  if (caps && typeof caps === 'object' && !Array.isArray(caps)) cfg.capabilities = caps as Record<string, unknown>;
  else if (caps !== undefined) wrong('capabilities');
  const logDefs = get('logDefs');
  if (logDefs && typeof logDefs === 'object' && !Array.isArray(logDefs)) cfg.logDefs = logDefs as Record<string, unknown>;
  else if (logDefs !== undefined) wrong('logDefs');
  const logDir = get('logDir');
  if (typeof logDir === 'string') cfg.logDir = logDir;
  else if (logDir !== undefined) wrong('logDir');
  return cfg;
}

/** The capabilities `start` passes: othercaps, then the admin port and convention leader. */
export function startCapabilities(cfg: DirectorConfig): Record<string, unknown> {
  return {
    ...cfg.capabilities,
    ...(cfg.adminPort !== undefined ? { 'Admin Port': cfg.adminPort } : {}),
    ...(cfg.conventionLeader !== undefined ? { 'Convention Address.IPv4': cfg.conventionLeader } : {}),
  };
}

/** thesplog.cfg with relative handler file names placed under thesplogd.cfg's directory. */
export function startLogDefs(cfg: DirectorConfig): Record<string, unknown> | false {
  if (!cfg.logDefs) return false;
  const defs = structuredClone(cfg.logDefs);
  const handlers = defs['handlers'];
  if (cfg.logDir && handlers && typeof handlers === 'object') {
    for (const h of Object.values(handlers as Record<string, Record<string, unknown>>)) {
      const f = h?.['filename'];
      if (typeof f === 'string' && !isAbsolute(f)) h['filename'] = join(cfg.logDir, f);
    }
  }
  return defs;
}
