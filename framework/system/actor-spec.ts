import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ActorBase } from '../actor/actor-base.js';
import { InvalidActorSpecification, describeValue } from '../actor/errors.js';
import { actorClassByName, knownActorNames, loadActorClassByName } from '../registry/type-registry.js';
import { bindGeneratedDispatch } from '../registry/generated-registry.js';
import type { ActorSpec } from '../actor/context.js';
import { describeImportFailure, importModule } from './module-import.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a class type must admit every constructor signature (TypeScript's mixin rule)
export type ActorClass = (new (...args: any[]) => ActorBase) & typeof ActorBase;

export function isActorClass(value: unknown): value is ActorClass {
  return typeof value === 'function' && (value === ActorBase || value.prototype instanceof ActorBase);
}

export function describeSpec(spec: unknown): string {
  return typeof spec === 'function' ? spec.name || '(anonymous class)' : describeValue(spec);
}

/** Without an import: a class, or the name of an already-registered @Actor class. */
export function resolveActorClassSync(spec: ActorSpec): ActorClass | undefined {
  if (typeof spec === 'function') return checkedClass(spec, spec.name);
  if (typeof spec !== 'string') throw badSpec(spec);
  if (!spec.includes(':') && !spec.includes('/')) {
    const cls = actorClassByName(spec);
    return cls ? checkedClass(cls, `'${spec}'`) : undefined;
  }
  return undefined;
}

/** Spec 5.3 / 6.4: a class, an @Actor name, or 'path/to/module.js:ExportName' from the cwd. */
export async function resolveActorClass(spec: ActorSpec): Promise<ActorClass> {
  const sync = resolveActorClassSync(spec);
  if (sync) return sync;
  const text = spec as string;
  const colon = text.lastIndexOf(':');
  if (colon <= 0) {
    const cls = await loadActorClassByName(text);
    if (cls) return checkedClass(cls, `'${text}'`);
    const known = knownActorNames();
    throw new InvalidActorSpecification(
      `no actor named '${text}' is registered. Decorate the class with @Actor() and import its module first, ` +
        `run 'thespian generate' so a registry can import it, or name it as 'path/to/module.js:${text}'` +
        (known.length ? ` (registered: ${known.slice(0, 20).join(', ')})` : ''),
      'UNKNOWN_ACTOR_NAME',
    );
  }
  const modulePath = text.slice(0, colon);
  const exportName = text.slice(colon + 1);
  if (!exportName) {
    throw new InvalidActorSpecification(`actor spec '${text}' names no export: write it as '${modulePath}:ExportName'`, 'BAD_ACTOR_SPEC');
  }
  const mod = await importActorModule(modulePath, text);
  const exported = mod[exportName];
  if (exported === undefined) {
    const names = Object.keys(mod).filter((k) => k !== 'default');
    throw new InvalidActorSpecification(
      `module '${modulePath}' has no export '${exportName}' (it exports: ${names.join(', ') || 'nothing'}); fix the name after ':' in '${text}'`,
      'MISSING_ACTOR_EXPORT',
    );
  }
  return checkedClass(exported, `'${exportName}' exported by '${modulePath}'`);
}

const bound = new WeakSet<object>();

function checkedClass(value: unknown, what: string): ActorClass {
  if (isActorClass(value)) {
    // A class imported after its generated registry loaded still dispatches by the table.
    if (!bound.has(value)) {
      bound.add(value);
      bindGeneratedDispatch(value);
    }
    return value;
  }
  throw new InvalidActorSpecification(
    `${what} is not an actor class (${describeValue(value)}): actor classes must extend ActorBase`,
    'NOT_AN_ACTOR_CLASS',
  );
}

function badSpec(spec: unknown): InvalidActorSpecification {
  return new InvalidActorSpecification(
    `cannot create an actor from ${describeValue(spec)}: pass an actor class, an @Actor name, or 'path/to/module.js:ExportName'`,
    'BAD_ACTOR_SPEC',
  );
}

function candidates(file: string): string[] {
  if (file.endsWith('.js')) return [file, file.slice(0, -3) + '.ts'];
  if (file.endsWith('.ts')) return [file, file.slice(0, -3) + '.js'];
  return [file, file + '.ts', file + '.js'];
}

async function importActorModule(modulePath: string, spec: string): Promise<Record<string, unknown>> {
  const absolute = isAbsolute(modulePath) ? modulePath : resolve(process.cwd(), modulePath);
  const tried = candidates(absolute);
  const file = tried.find((f) => existsSync(f));
  if (!file) {
    throw new InvalidActorSpecification(
      `cannot create actor '${spec}': no module at ${tried.join(' or ')} (relative paths are resolved from the working directory ${process.cwd()})`,
      'ACTOR_MODULE_NOT_FOUND',
    );
  }
  try {
    return await importModule(file);
  } catch (err) {
    throw new InvalidActorSpecification(`cannot create actor '${spec}': importing ${file} failed: ${describeImportFailure(file, err)}`, 'ACTOR_MODULE_IMPORT_FAILED');
  }
}
