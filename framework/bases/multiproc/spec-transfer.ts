import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actorSourceOf } from '../../actor/decorators.js';
import { InvalidActorSpecification } from '../../actor/errors.js';
import { actorClassByName } from '../../registry/type-registry.js';
import type { ActorSpec } from '../../actor/context.js';
import { resolveActorClass, resolveActorClassSync, type ActorClass } from '../../system/actor-spec.js';
import { assertPathAllowed } from '../../system/allowed-roots.js';
import { exportNameOf, sourceActorClass } from '../../sources/process-sources.js';
import type { StartOrder, WireSpec } from './protocol.js';
import { loadFrameworkActor } from './framework-actors.js';

/**
 * This copy of the framework's own folder: framework/ (sources), dist/framework/ (tsc
 * output), or the folder of the runtime bundles.
 */
const here = fileURLToPath(import.meta.url);
const FRAMEWORK_DIR = here.endsWith('.mjs') ? dirname(here) : resolve(dirname(here), '../..');

/** How a process that has never seen `cls` can import it. */
export function wireSpecOfClass(cls: ActorClass): WireSpec {
  const source = actorSourceOf(cls);
  // The framework's own actors (RunCommand, ...) go by name: the other process runs its own
  // copy of the framework, and importing this copy's file there would make a second one.
  const ours = source !== undefined && source.file.startsWith(FRAMEWORK_DIR + sep);
  if (source && !ours) return { kind: 'path', file: source.file, exportName: source.exportName };
  if (actorClassByName(cls.name) === cls) return { kind: 'name', name: cls.name };
  throw new InvalidActorSpecification(
    `${cls.name} cannot be started in another process: its module is unknown. Decorate it with @Actor() and export it, ` +
      `or create it as 'path/to/module.ts:${cls.name}'`,
    'ACTOR_NOT_LOCATABLE',
  );
}

/** Without importing anything (an actor's createActor must answer at once). */
export function wireSpecSync(spec: ActorSpec): WireSpec {
  const cls = resolveActorClassSync(spec);
  if (cls) return wireSpecOfClass(cls);
  const text = spec as string;
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return { kind: 'name', name: text };
  const file = text.slice(0, colon);
  return { kind: 'path', file: isAbsolute(file) ? file : resolve(process.cwd(), file), exportName: text.slice(colon + 1) };
}

/** In the starter: resolve locally first, so a bad spec is reported before any process starts. */
export async function wireSpecChecked(spec: ActorSpec): Promise<{ cls: ActorClass; wire: WireSpec }> {
  const cls = await resolveActorClass(spec);
  if (typeof spec === 'string' && spec.includes(':')) return { cls, wire: wireSpecSync(spec) };
  return { cls, wire: wireSpecOfClass(cls) };
}

/** A spec from the wire: a path is honoured only under `roots`, checked before any import. */
export function assertWireAllowed(wire: WireSpec, roots: readonly string[]): void {
  if (wire.kind === 'path') assertPathAllowed(wire.file, describeWire(wire), roots);
}

export async function classOfWire(wire: WireSpec, roots: readonly string[], source?: StartOrder['source']): Promise<ActorClass> {
  // A loaded source runs only from the validated package its start order carries.
  if (wire.kind === 'source') return (await sourceActorClass(wire.hash, wire.spec, source)) as ActorClass;
  assertWireAllowed(wire, roots);
  const spec = wire.kind === 'path' ? `${wire.file}:${wire.exportName}` : wire.name;
  // A pooled host starts the same class many times: resolve it once.
  let cls = resolved.get(spec);
  if (!cls) {
    if (wire.kind === 'name' && !actorClassByName(wire.name)) await loadFrameworkActor(wire.name);
    resolved.set(spec, (cls = await resolveActorClass(spec)));
  }
  return cls;
}

const resolved = new Map<string, ActorClass>();

export function describeWire(wire: WireSpec): string {
  if (wire.kind === 'source') return `${wire.spec} (source ${wire.hash})`;
  return wire.kind === 'path' ? `${wire.file}:${wire.exportName}` : wire.name;
}

/** The label an address gets for this spec: the class or export name. */
export function wireLabel(wire: WireSpec): string {
  if (wire.kind === 'source') return exportNameOf(wire.spec);
  return wire.kind === 'path' ? wire.exportName : wire.name;
}
