import path from 'node:path';
import { cmp } from './diagnostics.js';
import { sourceKey, type ImportSource, type RegistryModel, type TypeRef } from './model.js';

/** Names the generated module declares itself; imported classes never take them. */
const RESERVED = new Set(['registry', 'load', 'loadRegistry', 'GeneratedRegistry', 'ActorAddress']);

const FAKE_ROOT = '/' + Array.from({ length: 40 }, (_, i) => `d${i}`).join('/');

/** Module specifier of a project file as seen from the generated module (NodeNext: .js extensions). */
export function specifierFor(model: RegistryModel, from: ImportSource): string {
  if ('package' in from) return from.package;
  // Both paths are project-relative and may climb out of it ('../'); a deep fake root keeps
  // path.posix.relative from resolving them against the process's working directory.
  const rel = path.posix.relative(path.posix.join(FAKE_ROOT, path.posix.dirname(model.outFile)), path.posix.join(FAKE_ROOT, from.file));
  const js = rel.replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs').replace(/\.tsx?$/, '.js');
  return js.startsWith('.') ? js : `./${js}`;
}

interface Wanted {
  exportName: string;
  from: ImportSource;
}

/**
 * Every class the registry refers to, with a collision-free local name. Names are handed
 * out in sorted order, so two runs over the same model give the same aliases.
 */
export class ImportPlan {
  private readonly locals = new Map<string, string>();
  private readonly wanted: Wanted[] = [];

  constructor(private readonly model: RegistryModel) {
    for (const m of model.messages) this.want(m.exportName === 'default' ? 'default' : m.className, { file: m.file });
    for (const a of model.actors) for (const e of a.dispatch ?? []) this.wantType(e.type);
    for (const m of model.messages) for (const f of m.fields) this.wantKind(f.kind);
    const taken = new Set(RESERVED);
    const sorted = [...this.wanted].sort((a, b) => cmp(a.exportName, b.exportName) || cmp(sourceKey(a.from), sourceKey(b.from)));
    for (const w of sorted) {
      const base = w.exportName === 'default' ? path.posix.basename('file' in w.from ? w.from.file : w.from.package).replace(/\W|\.\w+$/g, '_') : w.exportName;
      let local = base;
      for (let n = 2; taken.has(local); n++) local = `${base}_${n}`;
      taken.add(local);
      this.locals.set(keyOf(w), local);
    }
  }

  private want(exportName: string, from: ImportSource): void {
    const w = { exportName, from };
    if (!this.wanted.some((x) => keyOf(x) === keyOf(w))) this.wanted.push(w);
  }

  private wantType(t: TypeRef): void {
    if (t.kind === 'external') this.want(t.className, t.from);
  }

  private wantKind(k: import('./model.js').FieldKind): void {
    if (k.kind === 'message') this.wantType(k.type);
    else if (k.kind === 'array' || k.kind === 'set') this.wantKind(k.of);
    else if (k.kind === 'map') {
      this.wantKind(k.key);
      this.wantKind(k.value);
    }
  }

  /** The local name of a class reference (message classes by file, externals by source). */
  local(t: TypeRef): string {
    if (t.kind === 'builtin') return t.id;
    const m = t.kind === 'class' ? this.model.messages.find((x) => x.id === t.id && x.className === t.className) : undefined;
    const w: Wanted = m ? { exportName: m.exportName === 'default' ? 'default' : m.className, from: { file: m.file } } : { exportName: t.className, from: t.from };
    const local = this.locals.get(keyOf(w));
    if (!local) throw new Error(`codegen bug: no import planned for ${t.className}`);
    return local;
  }

  /** Import statements, one per module, modules and names sorted. */
  statements(): string[] {
    const byModule = new Map<string, { named: string[]; default?: string }>();
    for (const w of this.wanted) {
      const spec = specifierFor(this.model, w.from);
      const entry = byModule.get(spec) ?? { named: [] };
      const local = this.locals.get(keyOf(w))!;
      if (w.exportName === 'default') entry.default = local;
      else entry.named.push(local === w.exportName ? local : `${w.exportName} as ${local}`);
      byModule.set(spec, entry);
    }
    return [...byModule.entries()]
      .sort(([a], [b]) => cmp(a, b))
      .map(([spec, e]) => {
        const named = e.named.sort(cmp);
        const parts = [e.default, named.length ? `{ ${named.join(', ')} }` : undefined].filter(Boolean);
        return `import ${parts.join(', ')} from ${JSON.stringify(spec)};`;
      });
  }
}

function keyOf(w: Wanted): string {
  return `${sourceKey(w.from)}#${w.exportName}`;
}
