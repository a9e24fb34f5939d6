import { Node, SyntaxKind, type ClassDeclaration } from 'ts-morph';
import { cmp, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { ActorModel, MessageModel, RegistryModel } from './model.js';
import type { LoadedProject } from './project.js';
import { ScanContext, decoratorNamed } from './scan-context.js';
import { scanActor } from './scan-actors.js';
import { checkRestorable, messageFields } from './scan-fields.js';
import { scanTransformer } from './scan-transformer.js';
import { messageIdOf } from './scan-types.js';

export interface ScanOptions {
  /** Registry module path relative to the project dir. */
  outFile: string;
  /** How the generated module imports the runtime (default 'thespian-ts'). */
  runtimeModule: string;
}

export interface ScanResult {
  model: RegistryModel;
  diagnostics: Diagnostic[];
  filesScanned: number;
}

/**
 * Reads the project's decorated classes into a sorted model. Every list is sorted by a key
 * taken from source (ids, names, paths), so the model never depends on file order.
 */
export function scanProject(loaded: LoadedProject, options: ScanOptions): ScanResult {
  const ctx = new ScanContext(loaded.projectDir, loaded.rootFiles);
  const actorClasses: ClassDeclaration[] = [];
  for (const sf of loaded.rootFiles) {
    // Cheap text test first: most files of a large project declare neither.
    const text = sf.getFullText();
    if (!text.includes('@Actor') && !text.includes('@Message') && !text.includes('@Receive')) continue;
    for (const cls of sf.getDescendantsOfKind(SyntaxKind.ClassDeclaration)) {
      if (decoratorNamed(cls, 'Message')) ctx.messageClasses.add(cls);
      if (decoratorNamed(cls, 'Actor')) actorClasses.push(cls);
    }
  }
  const cache = new Map();
  const scanned = actorClasses.map((cls) => ({ cls, model: scanActor(ctx, cls, cache) }));
  const actors = scanned.flatMap((a) => (a.model ? [a.model] : []));
  const messages = scanMessages(ctx);
  checkDuplicates(ctx, scanned, messages.byId);
  const model: RegistryModel = {
    tsconfig: relTsconfig(loaded),
    outFile: options.outFile,
    runtimeModule: options.runtimeModule,
    messages: [...messages.list].sort((a, b) => cmp(a.id, b.id) || cmp(a.file, b.file)),
    actors: actors.sort((a, b) => cmp(a.name, b.name) || cmp(a.file, b.file)),
  };
  return { model, diagnostics: sortDiagnostics(ctx.diagnostics), filesScanned: loaded.rootFiles.length };
}

function relTsconfig(loaded: LoadedProject): string {
  return loaded.tsconfigPath.slice(loaded.projectDir.length + 1).split('\\').join('/');
}

/** Messages found directly and those reached through handlers and fields (a worklist: fields add classes). */
function scanMessages(ctx: ScanContext): { list: MessageModel[]; byId: Map<string, ClassDeclaration[]> } {
  const done = new Set<ClassDeclaration>();
  const list: MessageModel[] = [];
  const byId = new Map<string, ClassDeclaration[]>();
  for (let pending = [...ctx.messageClasses]; pending.length > 0; pending = [...ctx.messageClasses].filter((c) => !done.has(c))) {
    for (const cls of pending) {
      done.add(cls);
      const id = messageIdOf(cls);
      byId.set(id, [...(byId.get(id) ?? []), cls]);
      checkRestorable(ctx, cls);
      const fields = messageFields(ctx, cls);
      const className = cls.getName() ?? 'default';
      if (!Node.isSourceFile(cls.getParent()) || !cls.isExported()) {
        ctx.report(
          cls,
          'THS010',
          `message class ${className} is not exported from its module, so the registry cannot import it for the codec`,
          `export \`class ${className}\` at the top level of its module`,
        );
        continue;
      }
      const transformer = scanTransformer(ctx, cls);
      const exportName = cls.isDefaultExport() ? 'default' : className;
      list.push({ id, className, file: ctx.rel(cls.getSourceFile()), exportName, fields, ...(transformer ? { transformer } : {}) });
    }
  }
  return { list, byId };
}

function checkDuplicates(ctx: ScanContext, actors: { cls: ClassDeclaration; model: ActorModel | undefined }[], messagesById: Map<string, ClassDeclaration[]>): void {
  for (const [id, classes] of messagesById) {
    if (classes.length < 2) continue;
    const where = classes.map((c) => `${ctx.rel(c.getSourceFile())}:${c.getStartLineNumber()}`);
    for (const cls of classes) {
      ctx.report(
        cls,
        'THS001',
        `message id '${id}' is used by ${classes.length} classes (${where.join(', ')}); the codec could not tell them apart`,
        `give ${cls.getName()} a unique id with @Message({ id: '<unique.id>' }) or rename the class`,
      );
    }
  }
  const byName = new Map<string, ClassDeclaration[]>();
  for (const { cls, model } of actors) if (model) byName.set(model.name, [...(byName.get(model.name) ?? []), cls]);
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    const where = list.map((c) => `${c.getName()} (${ctx.rel(c.getSourceFile())}:${c.getStartLineNumber()})`);
    for (const cls of list) {
      ctx.report(
        cls,
        'THS009',
        `actor name '${name}' is used by ${where.join(' and ')}; creation by name would be ambiguous`,
        `give ${cls.getName()} a unique name with @Actor({ name: '<unique name>' })`,
      );
    }
  }
}
