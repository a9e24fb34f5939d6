import { specifierFor, type ImportPlan } from './emit-imports.js';
import { propertyName } from './emit-schema.js';
import type { ActorModel, RegistryModel, TypeRef } from './model.js';

/** A dispatch key: the id when the source tells it, else the class (its id is read at run time). */
function emitKey(t: TypeRef, imports: ImportPlan): string {
  return t.kind === 'external' ? imports.local(t) : JSON.stringify(t.id);
}

/** One `actors` entry: name, lazy import by module path, resolved dispatch table. */
export function emitActor(a: ActorModel, model: RegistryModel, imports: ImportPlan): string {
  const spec = specifierFor(model, { file: a.file });
  const load = `() => import(${JSON.stringify(spec)}).then((m) => m.${a.exportName === 'default' ? 'default' : propertyName(a.exportName)})`;
  const dispatch =
    a.dispatch === null
      ? 'null /* a base class is only known from declarations: dispatch by reflection */'
      : a.dispatch.length === 0
        ? '[]'
        : `[\n${a.dispatch.map((e) => `        [${emitKey(e.type, imports)}, [${e.methods.map((m) => JSON.stringify(m)).join(', ')}]],`).join('\n')}\n      ]`;
  return [`    {`, `      name: ${JSON.stringify(a.name)},`, `      load: ${load},`, `      dispatch: ${dispatch},`, `    },`].join('\n');
}
