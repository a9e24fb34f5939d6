import { ActorAddress } from '../actor/address.js';
import { typeIdOf, type ClassKey } from './metadata.js';

/**
 * Field schemas the generated registry emits per message id, so a codec can turn a message
 * into msgpack-safe data and back into a real instance (Map, Set, Date, bigint, typed
 * arrays, ActorAddress and nested message classes survive the trip).
 */
export type FieldSchema =
  | { kind: 'plain' }
  | { kind: 'date' }
  | { kind: 'bigint' }
  | { kind: 'address' }
  | { kind: 'typed-array'; ctor: string }
  | { kind: 'message'; type: ClassKey }
  | { kind: 'array'; of: FieldSchema }
  | { kind: 'set'; of: FieldSchema }
  | { kind: 'map'; key: FieldSchema; value: FieldSchema };

/**
 * A class-transformer DTO's annotations as `thespian generate` read them (by field name; @Type
 * targets as message ids or a global's name). The codec itself reads class-transformer's own
 * metadata at run time; this record is for tools and diagnostics.
 */
export interface TransformerSchema {
  strategy?: 'excludeAll' | 'exposeAll';
  exclude: readonly string[];
  /** Field name -> the name it has on the wire. */
  expose: Readonly<Record<string, string>>;
  transform: readonly string[];
  /** Field name -> @Type target. */
  types: Readonly<Record<string, string>>;
}

export interface MessageSchema {
  id: string;
  type: ClassKey;
  fields: Readonly<Record<string, FieldSchema>>;
  transformer?: TransformerSchema;
}

const schemas = new Map<string, MessageSchema>();

export function registerMessageSchema(schema: MessageSchema): void {
  schemas.set(schema.id, schema);
}

export function messageSchemaById(id: string): MessageSchema | undefined {
  return schemas.get(id);
}

/** A nested message on the wire: its own id, since a field may hold a subclass of its declared type. */
export interface PlainMessage {
  id: string;
  fields: Record<string, unknown>;
}

/** Instance -> `{ id, fields }` of msgpack-safe values. Unknown classes encode as their own fields, plain. */
export function messageToPlain(message: object): PlainMessage {
  const id = typeIdOf(message.constructor);
  const schema = schemas.get(id);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    fields[key] = encodeValue(schema?.fields[key] ?? { kind: 'plain' }, value);
  }
  return { id, fields };
}

/** `{ id, fields }` -> a real instance: `new Type()` then each field restored by its schema. */
export function messageFromPlain(encoded: PlainMessage, fallback?: ClassKey): object {
  const schema = schemas.get(encoded.id);
  const ctor = (schema?.type ?? fallback) as (new () => object) | undefined;
  if (!ctor) throw new TypeError(`cannot restore message '${encoded.id}': no generated schema registers that id (run \`thespian generate\`)`);
  const instance = new ctor() as Record<string, unknown>;
  for (const [key, value] of Object.entries(encoded.fields)) {
    instance[key] = decodeValue(schema?.fields[key] ?? { kind: 'plain' }, value);
  }
  return instance;
}

function encodeValue(s: FieldSchema, v: unknown): unknown {
  if (v === null || v === undefined) return v;
  switch (s.kind) {
    case 'date':
      return (v as Date).getTime();
    case 'bigint':
      return String(v);
    case 'address':
      return { key: (v as ActorAddress).key, label: (v as ActorAddress).label };
    case 'typed-array': {
      const a = v as ArrayBufferView;
      return new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
    }
    case 'message':
      return messageToPlain(v as object);
    case 'array':
      return (v as unknown[]).map((x) => encodeValue(s.of, x));
    case 'set':
      return [...(v as Set<unknown>)].map((x) => encodeValue(s.of, x));
    case 'map':
      return [...(v as Map<unknown, unknown>)].map(([k, x]) => [encodeValue(s.key, k), encodeValue(s.value, x)]);
    default:
      return v;
  }
}

type TypedArrayCtor = new (buffer: ArrayBufferLike) => unknown;

function decodeValue(s: FieldSchema, v: unknown): unknown {
  if (v === null || v === undefined) return v;
  switch (s.kind) {
    case 'date':
      return new Date(v as number);
    case 'bigint':
      return BigInt(v as string);
    case 'address': {
      const a = v as { key: string; label?: string };
      return new ActorAddress(a.key, a.label ?? '');
    }
    case 'typed-array': {
      const bytes = v as Uint8Array;
      const ctor = (globalThis as unknown as Record<string, TypedArrayCtor>)[s.ctor]!;
      return new ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
    case 'message':
      return messageFromPlain(v as PlainMessage, s.type);
    case 'array':
      return (v as unknown[]).map((x) => decodeValue(s.of, x));
    case 'set':
      return new Set((v as unknown[]).map((x) => decodeValue(s.of, x)));
    case 'map':
      return new Map((v as [unknown, unknown][]).map(([k, x]) => [decodeValue(s.key, k), decodeValue(s.value, x)]));
    default:
      return v;
  }
}
