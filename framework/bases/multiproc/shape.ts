/**
 * A tiny shape checker for the control protocol's plain objects. A field type is a name
 * ('string', 'number', 'boolean', 'object', 'any', or one of `nested`), with '?' for optional
 * and '|null' for nullable. Checks only what dispatch relies on; extra fields are ignored.
 */
export type FieldType = string;
export type Shape = Readonly<Record<string, FieldType>>;
export type NestedShapes = Readonly<Record<string, (value: unknown) => string | undefined>>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function fieldProblem(value: unknown, type: FieldType, nested: NestedShapes): string | undefined {
  if (type.endsWith('?')) return value === undefined ? undefined : fieldProblem(value, type.slice(0, -1), nested);
  if (type.endsWith('|null')) return value === null ? undefined : fieldProblem(value, type.slice(0, -5), nested);
  switch (type) {
    case 'any':
      return undefined;
    case 'string':
    case 'boolean':
      return typeof value === type ? undefined : `is ${describe(value)}, not a ${type}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `is ${describe(value)}, not a finite number`;
    case 'object':
      return isPlainObject(value) ? undefined : `is ${describe(value)}, not a plain object`;
    default: {
      const check = nested[type];
      if (!check) return `has unknown field type '${type}' (a protocol table bug)`;
      const problem = check(value);
      return problem === undefined ? undefined : `is not a ${type}: ${problem}`;
    }
  }
}

/** The first problem of `value` against `shape`, or undefined when it fits. */
export function shapeProblem(value: unknown, shape: Shape, nested: NestedShapes = {}): string | undefined {
  if (!isPlainObject(value)) return `${describe(value)} is not a plain object`;
  for (const [field, type] of Object.entries(shape)) {
    const problem = fieldProblem(value[field], type, nested);
    if (problem !== undefined) return `field '${field}' ${problem}`;
  }
  return undefined;
}

/** Checks an {op, ...} message against the table entry for its op. */
export function opProblem(value: unknown, shapes: Readonly<Record<string, Shape>>, nested: NestedShapes = {}): string | undefined {
  if (!isPlainObject(value)) return `${describe(value)} is not a plain object with an 'op'`;
  const op = value.op;
  if (typeof op !== 'string' || !Object.hasOwn(shapes, op)) return `op ${describe(op)} is not one of ${Object.keys(shapes).join(', ')}`;
  const problem = shapeProblem(value, shapes[op]!, nested);
  return problem === undefined ? undefined : `'${op}': ${problem}`;
}

/** Short and safe to log: never the whole value (it may be huge or hostile). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value).slice(0, 40)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return `an instance of ${(Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'Object'}`;
  return typeof value;
}
