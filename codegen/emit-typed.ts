import { specifierFor, type ImportPlan } from './emit-imports.js';
import type { ActorModel, RegistryModel, TypeRef } from './model.js';

const BUILTIN_TYPES: Record<string, string> = {
  String: 'string',
  Number: 'number',
  Boolean: 'boolean',
  Array: 'readonly unknown[]',
  Object: 'object',
  ActorAddress: 'ActorAddress',
};

function typeText(t: TypeRef, imports: ImportPlan): string {
  return t.kind === 'builtin' ? BUILTIN_TYPES[t.id]! : imports.local(t);
}

/**
 * Declaration merging gives each actor class an optional marker method whose parameter is
 * the union of the messages it handles; TypedAddress<A> reads it. A method (not a property)
 * so a subclass handling more messages stays assignable to its base.
 */
export function emitTypedAddresses(model: RegistryModel, imports: ImportPlan): string[] {
  const typed = model.actors.filter((a): a is ActorModel & { dispatch: NonNullable<ActorModel['dispatch']> } => a.dispatch !== null && a.exportName !== 'default' && a.dispatch.length > 0);
  const byModule = new Map<string, string[]>();
  for (const a of typed) {
    const union = [...new Set(a.dispatch.map((e) => typeText(e.type, imports)))].join(' | ');
    const spec = specifierFor(model, { file: a.file });
    byModule.set(spec, [...(byModule.get(spec) ?? []), `  interface ${a.className} {`, `    "thespian.handles"?(message: ${union}): void;`, `  }`]);
  }
  return [...byModule.keys()].sort().map((spec) => [`declare module ${JSON.stringify(spec)} {`, ...byModule.get(spec)!, `}`].join('\n'));
}

export function usesActorAddressType(model: RegistryModel): boolean {
  return model.actors.some((a) => a.dispatch?.some((e) => e.type.kind === 'builtin' && e.type.id === 'ActorAddress'));
}
