import type { FieldKind, MessageModel, TransformerModel } from './model.js';
import type { ImportPlan } from './emit-imports.js';

/** A field kind as a literal the runtime's FieldSchema type accepts. */
function emitKind(k: FieldKind, imports: ImportPlan): string {
  switch (k.kind) {
    case 'typed-array':
      return `{ kind: "typed-array", ctor: "${k.ctor}" }`;
    case 'message':
      return `{ kind: "message", type: ${imports.local(k.type)} }`;
    case 'array':
    case 'set':
      return `{ kind: "${k.kind}", of: ${emitKind(k.of, imports)} }`;
    case 'map':
      return `{ kind: "map", key: ${emitKind(k.key, imports)}, value: ${emitKind(k.value, imports)} }`;
    default:
      return `{ kind: "${k.kind}" }`;
  }
}

export function propertyName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** One `messages` entry: id, constructor, and how to restore each field. */
export function emitMessage(m: MessageModel, imports: ImportPlan): string {
  const type = imports.local({ kind: 'class', id: m.id, className: m.className, from: { file: m.file } });
  const fields = m.fields.map((f) => `${propertyName(f.name)}: ${emitKind(f.kind, imports)}`);
  const body = fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
  const transformer = m.transformer ? `, transformer: ${emitTransformer(m.transformer)}` : '';
  return `    { id: ${JSON.stringify(m.id)}, type: ${type}, fields: ${body}${transformer} },`;
}

/** A DTO's class-transformer annotations as the runtime's TransformerSchema literal. */
function emitTransformer(t: TransformerModel): string {
  const list = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
  const pairs = (xs: { field: string }[], key: 'as' | 'target') =>
    `{ ${xs.map((x) => `${propertyName(x.field)}: ${JSON.stringify((x as Record<string, string>)[key])}`).join(', ')} }`;
  const parts = [
    ...(t.strategy ? [`strategy: "${t.strategy}"`] : []),
    `exclude: ${list(t.exclude)}`,
    `expose: ${t.expose.length ? pairs(t.expose, 'as') : '{}'}`,
    `transform: ${list(t.transform)}`,
    `types: ${t.types.length ? pairs(t.types, 'target') : '{}'}`,
  ];
  return `{ ${parts.join(', ')} }`;
}
