import { Node, type ClassDeclaration, type MethodDeclaration } from 'ts-morph';
import { typeKey, type ActorModel, type DispatchEntry, type TypeRef } from './model.js';
import { decoratorNamed, type ScanContext } from './scan-context.js';
import { resolveReceiveType } from './scan-types.js';

/** The `@Actor({ name })` string, else the class name. */
export function actorNameOf(cls: ClassDeclaration): string {
  const arg = decoratorNamed(cls, 'Actor')?.getArguments()[0];
  if (arg && Node.isObjectLiteralExpression(arg)) {
    const prop = arg.getProperty('name');
    if (prop && Node.isPropertyAssignment(prop)) {
      const init = prop.getInitializer();
      if (init && (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init))) return init.getLiteralValue();
    }
  }
  return cls.getName() ?? 'default';
}

interface LevelHandler {
  type: TypeRef;
  method: string;
}

/** One class level's `@Receive` handlers, checked (THS002, THS003, THS004). Cached per class. */
function levelHandlers(ctx: ScanContext, cls: ClassDeclaration, cache: Map<ClassDeclaration, LevelHandler[]>): LevelHandler[] {
  const cached = cache.get(cls);
  if (cached) return cached;
  const out: LevelHandler[] = [];
  const seen = new Map<string, MethodDeclaration>();
  for (const method of cls.getMethods()) {
    for (const dec of method.getDecorators().filter((d) => d.getName() === 'Receive')) {
      const type = resolveReceiveType(ctx, dec.getArguments()[0], dec);
      if (!type) continue;
      checkHandlerParameters(ctx, method, type, dec.getArguments()[0]!.getText());
      const key = typeKey(type);
      const first = seen.get(key);
      if (first) {
        const { line } = first.getSourceFile().getLineAndColumnAtPos(first.getStart());
        ctx.report(
          dec,
          'THS004',
          `${cls.getName()} has two handlers for ${dec.getArguments()[0]!.getText()}: ${first.getName()} (line ${line}) and ${method.getName()}; only one would ever run`,
          `merge them into one method, or move one to a base class and return SUPER from the other to continue there`,
        );
        continue;
      }
      seen.set(key, method);
      out.push({ type, method: method.getName() });
    }
  }
  cache.set(cls, out);
  return out;
}

/** THS003: a handler is called as (message, sender); more required parameters, or a first
 * parameter the message type does not fit, is a mistake the runtime would only show later. */
function checkHandlerParameters(ctx: ScanContext, method: MethodDeclaration, type: TypeRef, typeText: string): void {
  const params = method.getParameters();
  const required = params.filter((p) => !p.isOptional() && !p.hasInitializer() && !p.isRestParameter());
  const fix = `declare it as \`${method.getName()}(message: ${type.kind === 'builtin' && type.id !== 'ActorAddress' ? type.id.toLowerCase() : typeText}, sender: ActorAddress)\``;
  if (required.length > 2) {
    ctx.report(method, 'THS003', `handler ${method.getName()} for ${typeText} requires ${required.length} parameters; handlers receive (message, sender)`, fix);
    return;
  }
  const first = params[0];
  if (!first?.getTypeNode() || type.kind === 'builtin') return;
  const decl = method.getProject().getTypeChecker().getTypeAtLocation(first);
  const received = resolvedClassType(method, typeText);
  if (received && !received.isAny() && !received.isAssignableTo(decl)) {
    ctx.report(first, 'THS003', `handler ${method.getName()} receives ${typeText} but declares its message parameter as ${first.getTypeNode()!.getText()}`, fix);
  }
}

function resolvedClassType(method: MethodDeclaration, typeText: string) {
  const dec = method.getDecorators().find((d) => d.getArguments()[0]?.getText() === typeText);
  const arg = dec?.getArguments()[0];
  const decls = arg?.getSymbol()?.getAliasedSymbol()?.getDeclarations() ?? arg?.getSymbol()?.getDeclarations() ?? [];
  const cls = decls.find((d) => Node.isClassDeclaration(d));
  return cls && Node.isClassDeclaration(cls) ? cls.getType() : undefined;
}

/**
 * The dispatch table the reflection path would compute: for each handled type, one method
 * per class level that handles it, most derived level first. null when a base class is only
 * known from declarations (its decorators are gone), so the runtime keeps using reflection.
 */
function dispatchOf(ctx: ScanContext, cls: ClassDeclaration, cache: Map<ClassDeclaration, LevelHandler[]>): DispatchEntry[] | null {
  const byKey = new Map<string, DispatchEntry>();
  for (let c: ClassDeclaration | undefined = cls; c; c = c.getBaseClass()) {
    if (c.getSourceFile().isDeclarationFile()) {
      if (c.getName() === 'ActorBase') break;
      return null;
    }
    for (const { type, method } of levelHandlers(ctx, c, cache)) {
      const key = typeKey(type);
      const entry = byKey.get(key) ?? { type, methods: [] };
      entry.methods.push(method);
      byKey.set(key, entry);
    }
    if (!c.getBaseClass() && c.getExtends()) return null; // extends something that is not a class declaration (a mixin call)
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

function enclosing(cls: ClassDeclaration): string {
  const outer = cls.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isModuleDeclaration(a) || Node.isClassDeclaration(a));
  if (!outer) return 'a block';
  const name = (outer as { getName?: () => string | undefined }).getName?.();
  const kind = Node.isModuleDeclaration(outer) ? 'namespace' : Node.isClassDeclaration(outer) ? 'class' : 'function';
  return name ? `${kind} ${name}` : `a ${kind}`;
}

export function scanActor(ctx: ScanContext, cls: ClassDeclaration, cache: Map<ClassDeclaration, LevelHandler[]>): ActorModel | undefined {
  const name = actorNameOf(cls);
  const className = cls.getName() ?? 'default';
  // Resolved first so handler mistakes are reported even for an actor that is not importable.
  const dispatch = dispatchOf(ctx, cls, cache);
  if (!Node.isSourceFile(cls.getParent())) {
    ctx.report(
      cls,
      'THS008',
      `actor ${className} is declared inside ${enclosing(cls)}, so no module path can import it`,
      `move ${className} to the top level of its module and export it`,
    );
    return undefined;
  }
  if (!cls.isExported()) {
    ctx.report(
      cls,
      'THS005',
      `actor ${className} is not exported, so another process cannot import it by name`,
      `add \`export\` to \`class ${className}\``,
    );
    return undefined;
  }
  return { name, className, file: ctx.rel(cls.getSourceFile()), exportName: cls.isDefaultExport() ? 'default' : className, dispatch };
}
