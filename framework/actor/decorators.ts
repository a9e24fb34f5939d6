import {
  ACTOR_META,
  CAPABILITY_META,
  MESSAGE_META,
  RECEIVE_META,
  ownMeta,
  type ActorMeta,
  type CapabilityRequirement,
  type Constructor,
  type MessageMeta,
  type ReceiveMeta,
  type ClassKey,
} from '../registry/metadata.js';
import { registerActorClass, registerMessageClass } from '../registry/type-registry.js';
import type { Capabilities } from './context.js';

/**
 * Registers an actor class for creation by name (its class name unless `name` is given),
 * and records the module that defines it, so another process can import it by path.
 */
export function Actor(options: { name?: string } = {}): ClassDecorator {
  const file = callerFile();
  return ((target: ClassKey, context?: unknown) => {
    legacyOnly(context, target);
    const name = options.name ?? target.name;
    Reflect.defineMetadata(ACTOR_META, { name, file } satisfies ActorMeta, target);
    registerActorClass(name, target as unknown as Constructor);
  }) as ClassDecorator;
}

/**
 * These are TypeScript's legacy decorators (`experimentalDecorators`). Compiled without that
 * setting (e.g. a file outside tsconfig's `include`, which tsx and vitest then compile with
 * standard decorators), they would record nothing and the actor would silently ignore every
 * message: say so instead.
 */
function legacyOnly(context: unknown, target: unknown): void {
  if (context !== null && typeof context === 'object' && 'kind' in context) {
    const name = (context as { name?: unknown }).name ?? (target as { name?: string })?.name ?? '?';
    throw new TypeError(
      `thespian-ts decorators need TypeScript's "experimentalDecorators": true, but '${String(name)}' was compiled with standard decorators. ` +
        `Set it in tsconfig.json and make sure that tsconfig includes this file (tsx and vitest apply it only to included files).`,
    );
  }
}

const asPath = (f: string) => (f.startsWith('file://') ? decodeURIComponent(new URL(f).pathname) : f);
const THIS_FILE = asPath(import.meta.url);

/** The module whose top level called the decorator factory: the first frame outside this file. */
function callerFile(): string | undefined {
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_e, frames) => frames;
    const frames = new Error().stack as unknown as NodeJS.CallSite[];
    for (const f of frames) {
      const raw = f.getFileName();
      if (!raw || raw.startsWith('node:')) continue;
      const path = asPath(raw);
      if (path !== THIS_FILE && path.startsWith('/')) return path;
    }
  } catch {
    /* no stack: the class can still be created in this process */
  } finally {
    Error.prepareStackTrace = original;
  }
  return undefined;
}

/** Marks a message class; its id (class name unless `id` is given) is its stable wire name. */
export function Message(options: { id?: string } = {}): ClassDecorator {
  return ((target: ClassKey, context?: unknown) => {
    legacyOnly(context, target);
    const id = options.id ?? target.name;
    Reflect.defineMetadata(MESSAGE_META, { id } satisfies MessageMeta, target);
    registerMessageClass(id, target);
  }) as ClassDecorator;
}

/** Routes messages of `type` (or a subclass of it) to the decorated method. */
export function Receive(type: ClassKey): MethodDecorator {
  if (typeof type !== 'function') {
    throw new TypeError(
      `@Receive needs a class or a builtin constructor (String, Number, Boolean, Array, Object, ActorAddress), got ${String(type)}`,
    );
  }
  return (proto, key) => {
    legacyOnly(key, proto);
    const own = ownMeta<ReceiveMeta[]>(RECEIVE_META, proto) ?? [];
    Reflect.defineMetadata(RECEIVE_META, [...own, { type, method: String(key) }], proto);
  };
}

type CheckFn = (capabilities: Capabilities, requirements?: unknown) => boolean;

/**
 * Spec 5.12.1: the capability must equal `value`, or be truthy when no value is given.
 * Folded into the class's static actorSystemCapabilityCheck so a direct call sees it.
 */
export function RequireCapability(name: string, ...value: [unknown?]): ClassDecorator {
  const req: CapabilityRequirement = value.length > 0 ? { name, hasValue: true, value: value[0] } : { name, hasValue: false };
  return ((target: ClassKey, context?: unknown) => {
    legacyOnly(context, target);
    const own = ownMeta<CapabilityRequirement[]>(CAPABILITY_META, target) ?? [];
    Reflect.defineMetadata(CAPABILITY_META, [...own, req], target);
    const cls = target as unknown as { actorSystemCapabilityCheck?: CheckFn };
    const previous: CheckFn = cls.actorSystemCapabilityCheck ?? (() => true);
    const folded: CheckFn = function (this: unknown, capabilities, requirements) {
      const caps = capabilities ?? {};
      const have = caps[req.name];
      const ok = req.hasValue ? have === req.value : Boolean(have);
      return ok && Boolean(previous.call(this, caps, requirements));
    };
    Object.defineProperty(target, 'actorSystemCapabilityCheck', { value: folded, writable: true, configurable: true });
  }) as ClassDecorator;
}

/** Where a class can be imported from in another process: its module path and export name. */
export function actorSourceOf(cls: ClassKey): { file: string; exportName: string; name: string } | undefined {
  const meta = ownMeta<ActorMeta>(ACTOR_META, cls);
  return meta?.file ? { file: meta.file, exportName: cls.name, name: meta.name } : undefined;
}

export function actorNameOf(cls: ClassKey): string {
  return ownMeta<ActorMeta>(ACTOR_META, cls)?.name ?? cls.name;
}

export function isRegisteredActor(cls: ClassKey): boolean {
  return ownMeta<ActorMeta>(ACTOR_META, cls) !== undefined;
}
