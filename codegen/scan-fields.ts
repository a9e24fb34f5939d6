import { Node, type ClassDeclaration, type Type } from 'ts-morph';
import { TYPED_ARRAYS, type FieldKind, type TypedArrayName } from './model.js';
import type { ScanContext } from './scan-context.js';
import { classRef } from './scan-types.js';

const PLAIN: FieldKind = { kind: 'plain' };

/**
 * How the codec must restore a value of `type`. Unions with null/undefined count as the
 * other member; any other union is 'plain' (msgpack carries it as it is).
 * Returns 'function' for callables, which cannot cross a process boundary.
 */
function fieldKindOf(ctx: ScanContext, type: Type, at: Node, depth = 0): FieldKind | 'function' {
  if (depth > 8) return PLAIN;
  if (type.isUnion()) {
    const parts = type.getUnionTypes().filter((t) => !t.isNull() && !t.isUndefined());
    if (parts.some((t) => t.getCallSignatures().length > 0 && !t.isClass())) return 'function';
    if (parts.length === 1) return fieldKindOf(ctx, parts[0]!, at, depth + 1);
    if (parts.length > 0 && parts.every((t) => t.isBigInt() || t.isBigIntLiteral())) return { kind: 'bigint' };
    return PLAIN;
  }
  if (type.isBigInt() || type.isBigIntLiteral()) return { kind: 'bigint' };
  if (type.isArray() || type.isReadonlyArray()) {
    const el = type.getArrayElementType() ?? type.getTypeArguments()[0];
    const of = el ? fieldKindOf(ctx, el, at, depth + 1) : PLAIN;
    if (of === 'function') return of;
    return of.kind === 'plain' ? PLAIN : { kind: 'array', of };
  }
  const sym = type.getSymbol();
  const name = sym?.getName();
  const decl = sym?.getDeclarations()[0];
  const fromLib = decl?.getSourceFile().isDeclarationFile() && /\/typescript\/lib\/|@types\/node/.test(decl.getSourceFile().getFilePath());
  if (fromLib && name) {
    if (name === 'Date') return { kind: 'date' };
    if ((TYPED_ARRAYS as readonly string[]).includes(name)) return { kind: 'typed-array', ctor: name as TypedArrayName };
    const args = type.getTypeArguments();
    if ((name === 'Map' || name === 'ReadonlyMap') && args.length === 2) {
      const key = fieldKindOf(ctx, args[0]!, at, depth + 1);
      const value = fieldKindOf(ctx, args[1]!, at, depth + 1);
      if (key === 'function' || value === 'function') return 'function';
      return { kind: 'map', key, value };
    }
    if ((name === 'Set' || name === 'ReadonlySet') && args.length === 1) {
      const of = fieldKindOf(ctx, args[0]!, at, depth + 1);
      return of === 'function' ? of : { kind: 'set', of };
    }
    if (name === 'Function') return 'function';
  }
  if (decl && Node.isClassDeclaration(decl) && !fromLib) {
    const ref = classRef(ctx, decl, at);
    return ref.kind === 'builtin' ? { kind: 'address' } : { kind: 'message', type: ref };
  }
  if (type.getCallSignatures().length > 0 && !type.isClass()) return 'function';
  return PLAIN;
}

/** The instance fields of a project message class, own and inherited (base first), sorted by name. */
export function messageFields(ctx: ScanContext, cls: ClassDeclaration): { name: string; kind: FieldKind }[] {
  const fields = new Map<string, FieldKind>();
  const chain: ClassDeclaration[] = [];
  for (let c: ClassDeclaration | undefined = cls; c && ctx.isProjectFile(c.getSourceFile()); c = c.getBaseClass()) chain.unshift(c);
  for (const level of chain) {
    const members: { name: string; node: Node; type: Type }[] = [];
    for (const p of level.getProperties()) {
      if (!p.isStatic()) members.push({ name: p.getName(), node: p, type: p.getType() });
    }
    for (const ctor of level.getConstructors()) {
      for (const p of ctor.getParameters()) {
        if (p.isParameterProperty()) members.push({ name: p.getName(), node: p, type: p.getType() });
      }
    }
    for (const m of members) {
      const kind = fieldKindOf(ctx, m.type, m.node);
      if (kind === 'function') {
        ctx.report(
          m.node,
          'THS006',
          `message class ${cls.getName()} has a function-valued field '${m.name}' (${m.type.getText(m.node)}): functions cannot be sent between processes`,
          `make '${m.name}' a method of the class, or send data (a string naming the operation) instead of a function`,
        );
        continue;
      }
      fields.set(m.name, kind);
    }
  }
  return [...fields.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, kind]) => ({ name, kind }));
}

/** THS007: the codec restores a message with `new Cls()` and then sets its fields. */
export function checkRestorable(ctx: ScanContext, cls: ClassDeclaration): void {
  for (let c: ClassDeclaration | undefined = cls; c && ctx.isProjectFile(c.getSourceFile()); c = c.getBaseClass()) {
    const ctor = c.getConstructors().find((k) => k.hasBody()) ?? c.getConstructors()[0];
    if (!ctor) continue;
    const required = ctor.getParameters().filter((p) => !p.isOptional() && !p.hasInitializer() && !p.isRestParameter());
    if (required.length > 0) {
      const names = required.map((p) => p.getName()).join(', ');
      ctx.report(
        required[0]!,
        'THS007',
        `message class ${cls.getName()} cannot be restored: its constructor${c === cls ? '' : ` (inherited from ${c.getName()})`} requires ${names}`,
        `give every constructor parameter a default (e.g. \`constructor(public ${required[0]!.getName()} = ...)\`) so the codec can call \`new ${cls.getName()}()\` and then set the fields`,
      );
    }
    return;
  }
}
