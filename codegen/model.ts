/**
 * The plain, sorted model the scanner produces and every emitter consumes. Nothing here
 * refers to ts-morph, so emitters are pure functions of data and easy to test.
 */

/** Where a class can be imported from: a project file (path relative to the project dir) or a package. */
export type ImportSource = { file: string } | { package: string };

/** A type named by `@Receive` or used as a message field. */
export type TypeRef =
  | { kind: 'builtin'; id: BuiltinId }
  /** A class whose id is known from source (`@Message({ id })` or its class name). */
  | { kind: 'class'; id: string; className: string; from: ImportSource }
  /**
   * A class declared outside the project (e.g. thespian-ts system messages, seen through
   * .d.ts files where decorators are gone): its id is read at run time with typeIdOf.
   */
  | { kind: 'external'; className: string; from: ImportSource };

export const BUILTIN_IDS = ['String', 'Number', 'Boolean', 'Array', 'Object', 'ActorAddress'] as const;
export type BuiltinId = (typeof BUILTIN_IDS)[number];

export const TYPED_ARRAYS = [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
] as const;
export type TypedArrayName = (typeof TYPED_ARRAYS)[number];

/** How the codec must restore a field; 'plain' means msgpack carries it as is. */
export type FieldKind =
  | { kind: 'plain' }
  | { kind: 'date' }
  | { kind: 'bigint' }
  | { kind: 'address' }
  | { kind: 'typed-array'; ctor: TypedArrayName }
  | { kind: 'message'; type: TypeRef }
  | { kind: 'array'; of: FieldKind }
  | { kind: 'set'; of: FieldKind }
  | { kind: 'map'; key: FieldKind; value: FieldKind };

export interface FieldModel {
  name: string;
  kind: FieldKind;
}

export interface MessageModel {
  id: string;
  className: string;
  file: string;
  /** The name the class is exported under ('default' for a default export). */
  exportName: string;
  fields: FieldModel[];
  /** Its class-transformer annotations, when it has any (it then crosses via instanceToPlain/plainToInstance). */
  transformer?: TransformerModel;
}

/** What a class-transformer DTO declares, by field name; @Type targets as message ids (or a global's name). */
export interface TransformerModel {
  strategy?: 'excludeAll' | 'exposeAll';
  exclude: string[];
  expose: { field: string; as: string }[];
  transform: string[];
  types: { field: string; target: string }[];
}

export interface DispatchEntry {
  type: TypeRef;
  /** Handler methods for this type, one per class level that has one, most derived first. */
  methods: string[];
}

export interface ActorModel {
  name: string;
  className: string;
  file: string;
  exportName: string;
  /** null when a base class is only visible as declarations (its handlers are unknown): reflection is used. */
  dispatch: DispatchEntry[] | null;
}

export interface RegistryModel {
  /** The tsconfig path relative to the project dir, for the header. */
  tsconfig: string;
  /** Where the registry module goes, relative to the project dir. */
  outFile: string;
  /** Module specifier of the thespian-ts runtime as the generated module imports it. */
  runtimeModule: string;
  messages: MessageModel[];
  actors: ActorModel[];
}

export function typeKey(t: TypeRef): string {
  switch (t.kind) {
    case 'builtin':
      return t.id;
    case 'class':
      return t.id;
    case 'external':
      return `${sourceKey(t.from)}#${t.className}`;
  }
}

export function sourceKey(s: ImportSource): string {
  return 'file' in s ? `file:${s.file}` : `pkg:${s.package}`;
}
