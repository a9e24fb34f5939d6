import { readFileSync } from 'node:fs';

/** What the Director does with one actor of a loaded group (director.md 2.7.2). */
export interface TliActor {
  /** `'path/in/pkg.js:Export'` inside the package. */
  spec: string;
  onLoad?: { role?: string; globalName?: string; message?: unknown; hasMessage: boolean };
  onDeactivate?: { message: unknown };
  onReactivate?: { message: unknown };
}

export interface Tli {
  actors: TliActor[];
  autoUnload: boolean;
  /** How many .tls files of the group to keep in the director dir after a load; undefined: all. */
  tlsKeepLimit?: number;
}

export const EMPTY_TLI: Tli = { actors: [], autoUnload: false };

const TOP_KEYS = new Set(['Actors', 'AutoUnload', 'TLS_Keep_Limit']);
const ACTOR_KEYS = new Set(['OnLoad', 'OnDeactivate', 'OnReactivate']);
const ONLOAD_KEYS = new Set(['Role', 'GlobalName', 'Message']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A TLI file is JSON (Thespian's is a Python dict literal; JSON is what a TypeScript tool can
 * read without evaluating anything). Unknown keys are errors, so a typo is not ignored.
 */
export function parseTli(value: unknown, where: string): Tli {
  const bad = (what: string): Error => new Error(`TLI ${where}: ${what} (see samples/director/README.md for the format)`);
  if (!isRecord(value)) throw bad('the top level must be an object with an "Actors" key');
  for (const k of Object.keys(value)) if (!TOP_KEYS.has(k)) throw bad(`unknown key "${k}" (known: ${[...TOP_KEYS].join(', ')})`);
  const actorsRaw = value['Actors'] ?? {};
  if (!isRecord(actorsRaw)) throw bad('"Actors" must be an object of "path/in/pkg.js:Export": { OnLoad, OnDeactivate, OnReactivate }');
  const actors: TliActor[] = [];
  for (const [spec, raw] of Object.entries(actorsRaw)) {
    if (!spec.includes(':')) throw bad(`actor "${spec}" must be named as "path/in/pkg.js:Export"`);
    if (!isRecord(raw)) throw bad(`actor "${spec}" must map to an object`);
    for (const k of Object.keys(raw)) if (!ACTOR_KEYS.has(k)) throw bad(`actor "${spec}": unknown key "${k}" (known: ${[...ACTOR_KEYS].join(', ')})`);
    const actor: TliActor = { spec };
    const onLoad = raw['OnLoad'];
    if (onLoad !== undefined) {
      if (!isRecord(onLoad)) throw bad(`actor "${spec}": OnLoad must be an object`);
      for (const k of Object.keys(onLoad)) if (!ONLOAD_KEYS.has(k)) throw bad(`actor "${spec}": OnLoad has unknown key "${k}"`);
      const role = onLoad['Role'];
      const globalName = onLoad['GlobalName'];
      if (role !== undefined && typeof role !== 'string') throw bad(`actor "${spec}": OnLoad.Role must be a string`);
      if (globalName !== undefined && typeof globalName !== 'string') throw bad(`actor "${spec}": OnLoad.GlobalName must be a string`);
      actor.onLoad = { role, globalName, message: onLoad['Message'], hasMessage: 'Message' in onLoad };
    }
    for (const key of ['OnDeactivate', 'OnReactivate'] as const) {
      const section = raw[key];
      if (section === undefined) continue;
      if (!isRecord(section) || !('Message' in section) || Object.keys(section).length !== 1) {
        throw bad(`actor "${spec}": ${key} must be { "Message": ... } (its only key)`);
      }
      actor[key === 'OnDeactivate' ? 'onDeactivate' : 'onReactivate'] = { message: section['Message'] };
    }
    actors.push(actor);
  }
  const autoUnload = value['AutoUnload'] ?? false;
  if (typeof autoUnload !== 'boolean') throw bad('"AutoUnload" must be true or false');
  const limit = value['TLS_Keep_Limit'];
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    throw bad('"TLS_Keep_Limit" must be a whole number of at least 1');
  }
  return { actors, autoUnload, ...(limit !== undefined ? { tlsKeepLimit: limit as number } : {}) };
}

/** Reads and checks a TLI file; the JSON text itself is what a .tls carries. */
export function readTliFile(file: string): { text: string; tli: Tli } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read TLI file ${file}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`TLI ${file} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  return { text, tli: parseTli(json, file) };
}
