import { createRequire } from 'node:module';
import path from 'node:path';
import { ActorAddress } from '../actor/address.js';
import { typeIdOf, type ClassKey } from '../registry/metadata.js';
import { messageClassById } from '../registry/type-registry.js';

/**
 * class-transformer interop: a @Message class whose properties carry class-transformer
 * metadata (@Type, @Exclude, @Expose, @Transform) crosses processes through instanceToPlain
 * and plainToInstance, as those annotations say. Every other class keeps the codec's own path.
 *
 * class-transformer is never imported here. Its decorators write into the `defaultMetadataStorage`
 * of the copy the application loaded, so a class can only carry metadata once that copy is in
 * the module cache: we look for it there (and use that very copy, not one of our own, so two
 * installed versions cannot disagree). An application that never imports class-transformer pays
 * one cache scan per message class, once.
 */

interface MetadataStorageLike {
  _typeMetadatas: Map<ClassKey, Map<string, TypeMetadataLike>>;
  _transformMetadatas: Map<ClassKey, unknown>;
  _exposeMetadatas: Map<ClassKey, unknown>;
  _excludeMetadatas: Map<ClassKey, unknown>;
}
interface TypeMetadataLike {
  propertyName: string;
  typeFunction: (options?: unknown) => unknown;
  options?: { discriminator?: { subTypes?: { value: unknown }[] } };
}
interface ClassTransformerLike {
  instanceToPlain(object: object): Record<string, unknown>;
  plainToInstance(cls: ClassKey, plain: object): object;
}

/** How one class crosses: through the class-transformer copy that holds its metadata. */
export interface DtoPlan {
  readonly transformer: ClassTransformerLike;
  /** Set when a @Type target cannot be restored safely; encode and decode refuse the class with it. */
  readonly refusal?: string;
}

const require = createRequire(import.meta.url);
const STORAGE_FILE = /[\\/]class-transformer[\\/]cjs[\\/]storage\.js$/;
/** Built-ins a @Type may name: their restore runs no application code. */
const SAFE_TARGETS: ReadonlySet<unknown> = new Set([Date, Map, Set, String, Number, Boolean, Array, Object, ActorAddress, Buffer]);

/** The decision per class, taken once: the plain path then costs one WeakMap lookup. */
const plans = new WeakMap<ClassKey, DtoPlan | null>();
let disabled = false;

/** For the bench's "before" figure: every class takes the codec's own path. */
export function setDtoTransformDisabled(value: boolean): void {
  disabled = value;
}

/** The class-transformer plan of a registered message class, or null when it has no such metadata. */
export function dtoPlanOf(cls: ClassKey): DtoPlan | null {
  if (disabled) return null;
  let plan = plans.get(cls);
  if (plan === undefined) {
    plan = buildPlan(cls, new Set());
    // A refusal is asked again next time: a @Type target defined later may be registered by then.
    if (!plan?.refusal) plans.set(cls, plan);
  }
  return plan;
}

function loadedCopies(): { storage: MetadataStorageLike; dir: string }[] {
  const copies: { storage: MetadataStorageLike; dir: string }[] = [];
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!STORAGE_FILE.test(file) || !mod?.loaded) continue;
    const storage = (mod.exports as { defaultMetadataStorage?: MetadataStorageLike }).defaultMetadataStorage;
    if (storage && storage._typeMetadatas instanceof Map) copies.push({ storage, dir: path.dirname(file) });
  }
  return copies;
}

function classChain(cls: ClassKey): ClassKey[] {
  const chain: ClassKey[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) chain.push(c);
  return chain;
}

function hasMetadata(storage: MetadataStorageLike, chain: ClassKey[]): boolean {
  const maps = [storage._typeMetadatas, storage._transformMetadatas, storage._exposeMetadatas, storage._excludeMetadatas];
  return chain.some((c) => maps.some((m) => m.has(c)));
}

function buildPlan(cls: ClassKey, visiting: Set<ClassKey>): DtoPlan | null {
  const chain = classChain(cls);
  const copy = loadedCopies().find((c) => hasMetadata(c.storage, chain));
  if (!copy) return null;
  const transformer = require(path.join(copy.dir, 'index.js')) as ClassTransformerLike;
  const refusal = checkTypeTargets(cls, chain, copy.storage, visiting);
  return refusal ? { transformer, refusal } : { transformer };
}

/**
 * plainToInstance calls `new Target()` for every @Type target: only registered message classes
 * (whose own nested targets pass too) and a few built-ins may be named, so the wire can never
 * reach an arbitrary constructor. A type function is called once here, without the object it
 * would see at run time: it must name a fixed class.
 */
function checkTypeTargets(cls: ClassKey, chain: ClassKey[], storage: MetadataStorageLike, visiting: Set<ClassKey>): string | undefined {
  visiting.add(cls);
  for (const level of chain) {
    for (const meta of storage._typeMetadatas.get(level)?.values() ?? []) {
      const where = `${cls.name}.${meta.propertyName}`;
      let targets: unknown[];
      try {
        targets = [meta.typeFunction({ newObject: {}, object: {}, property: meta.propertyName })];
      } catch (err) {
        return `the @Type of ${where} threw when asked for its class (${(err as Error).message}); give @Type a function returning a fixed class`;
      }
      for (const sub of meta.options?.discriminator?.subTypes ?? []) targets.push(sub.value);
      for (const target of targets) {
        if (SAFE_TARGETS.has(target)) continue;
        if (typeof target !== 'function' || messageClassById(typeIdOf(target)) !== target) {
          const name = typeof target === 'function' ? target.name || '(anonymous class)' : String(target);
          return `the @Type of ${where} names ${name}, which is not a registered message class; decorate ${name} with @Message() (and run \`thespian generate\`) so it can be restored safely`;
        }
        if (visiting.has(target)) continue;
        const nested = plans.get(target) ?? buildPlan(target, visiting);
        if (nested?.refusal) return nested.refusal;
      }
    }
  }
  return undefined;
}
