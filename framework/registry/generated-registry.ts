import { actorNameOf, isRegisteredActor } from '../actor/decorators.js';
import { useGeneratedDispatchTable, type DispatchTable } from '../actor/dispatch.js';
import { registerMessageSchema, type FieldSchema, type TransformerSchema } from './message-schema.js';
import { typeIdOf, type Constructor, type ClassKey } from './metadata.js';
import { actorClassByName, registerLazyActor, registerMessageClass } from './type-registry.js';

/** The shape of the module `thespian generate` writes (codegen/emit-registry.ts). */
export interface GeneratedRegistry {
  version: 1;
  messages: readonly { id: string; type: ClassKey; fields: Readonly<Record<string, FieldSchema>>; transformer?: TransformerSchema }[];
  actors: readonly GeneratedActor[];
}

export interface GeneratedActor {
  name: string;
  load: () => Promise<unknown>;
  /** [type id, or a class whose id is read at run time, [methods in search order]]; null: use reflection. */
  dispatch: readonly (readonly [string | ClassKey, readonly string[]])[] | null;
}

const tablesByName = new Map<string, DispatchTable>();

function tableOf(actor: GeneratedActor): DispatchTable | undefined {
  if (actor.dispatch === null) return undefined;
  const table: Record<string, readonly string[]> = {};
  for (const [type, methods] of actor.dispatch) table[typeof type === 'string' ? type : typeIdOf(type)] = methods;
  return table;
}

/**
 * Use the generated dispatch table for `cls` if the loaded registry has one for its @Actor
 * name. Returns whether it did. Called on lazy load and for classes already loaded; a base
 * that creates actors by class should call it too (the registry cannot see those imports).
 */
export function bindGeneratedDispatch(cls: ClassKey): boolean {
  if (!isRegisteredActor(cls)) return false;
  const table = tablesByName.get(actorNameOf(cls));
  if (!table) return false;
  useGeneratedDispatchTable(cls, table);
  return true;
}

/**
 * Registers a generated registry: message ids and schemas for the codec, actor names as lazy
 * imports (another process can start any actor by name), and dispatch tables. Idempotent.
 */
export function loadRegistry(registry: GeneratedRegistry): void {
  for (const m of registry.messages) {
    registerMessageClass(m.id, m.type);
    registerMessageSchema(m);
  }
  for (const actor of registry.actors) {
    const table = tableOf(actor);
    if (table) tablesByName.set(actor.name, table);
    else tablesByName.delete(actor.name);
    registerLazyActor(actor.name, async () => {
      const cls = (await actor.load()) as Constructor;
      bindGeneratedDispatch(cls);
      return cls;
    });
    const loaded = actorClassByName(actor.name);
    if (loaded) bindGeneratedDispatch(loaded);
  }
}
