import { Node, ts, type ClassDeclaration, type Symbol as MorphSymbol } from 'ts-morph';
import { BUILTIN_IDS, type BuiltinId, type ImportSource, type TypeRef } from './model.js';
import { decoratorNamed, type ScanContext } from './scan-context.js';

/** The id `@Message({ id })` gives a class in source, else its class name (STYLE 5). */
export function messageIdOf(cls: ClassDeclaration): string {
  const arg = decoratorNamed(cls, 'Message')?.getArguments()[0];
  if (arg && Node.isObjectLiteralExpression(arg)) {
    const prop = arg.getProperty('id');
    if (prop && Node.isPropertyAssignment(prop)) {
      const init = prop.getInitializer();
      if (init && Node.isStringLiteral(init)) return init.getLiteralValue();
      if (init && Node.isNoSubstitutionTemplateLiteral(init)) return init.getLiteralValue();
    }
  }
  return cls.getName() ?? 'default';
}

/** Follows import aliases to the symbol that declares the thing. */
export function targetSymbol(sym: MorphSymbol | undefined): MorphSymbol | undefined {
  return sym?.isAlias() ? sym.getAliasedSymbol() ?? sym : sym;
}

function isGlobalBuiltin(name: string, sym: MorphSymbol | undefined): name is BuiltinId {
  if (!(BUILTIN_IDS as readonly string[]).includes(name)) return false;
  if (name === 'ActorAddress') return true;
  // A project class named e.g. `Object` shadows the builtin; only lib declarations count.
  const decls = targetSymbol(sym)?.getDeclarations() ?? [];
  return decls.length === 0 || decls.every((d) => d.getSourceFile().isDeclarationFile());
}

/** How the generated module imports `cls`, seen from `from` (the node that names it). */
function importSourceOf(ctx: ScanContext, cls: ClassDeclaration, from: Node): ImportSource {
  const sf = cls.getSourceFile();
  if (ctx.isProjectFile(sf)) return { file: ctx.rel(sf) };
  // Outside the project: reuse the package specifier the referencing file imported it by.
  const local = from.getSourceFile();
  for (const imp of local.getImportDeclarations()) {
    const spec = imp.getModuleSpecifierValue();
    if (spec.startsWith('.') || spec.startsWith('/')) continue;
    const names = imp.getNamedImports().map((n) => n.getName());
    if (names.includes(cls.getName() ?? '')) return { package: spec };
  }
  if (sf.isInNodeModules()) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(sf.getFilePath());
    if (m?.[1]) return { package: m[1] };
  }
  return { file: ctx.rel(sf) };
}

/** A TypeRef for a class declaration: id from source for project classes, run-time id otherwise. */
export function classRef(ctx: ScanContext, cls: ClassDeclaration, from: Node): TypeRef {
  const className = cls.getName() ?? 'default';
  // The runtime matches ActorAddress as a builtin (even when the framework's own source is scanned).
  if (className === 'ActorAddress') return { kind: 'builtin', id: 'ActorAddress' };
  const source = importSourceOf(ctx, cls, from);
  if (ctx.isProjectFile(cls.getSourceFile())) {
    ctx.messageClasses.add(cls);
    return { kind: 'class', id: messageIdOf(cls), className, from: source };
  }
  return { kind: 'external', className, from: source };
}

/** Resolves the argument of `@Receive(...)`; reports THS002 and returns undefined when it is no class. */
export function resolveReceiveType(ctx: ScanContext, arg: Node | undefined, at: Node): TypeRef | undefined {
  const fix = 'pass a class (or String, Number, Boolean, Array, Object, ActorAddress) to @Receive; declare message shapes as classes so they can be matched and restored';
  if (!arg) {
    ctx.report(at, 'THS002', '@Receive() has no argument', fix);
    return undefined;
  }
  if (!Node.isIdentifier(arg) && !Node.isPropertyAccessExpression(arg)) {
    ctx.report(arg, 'THS002', `@Receive(${arg.getText()}) names a ${arg.getKindName()}, not a class`, fix);
    return undefined;
  }
  const name = Node.isIdentifier(arg) ? arg.getText() : arg.getName();
  const sym = arg.getSymbol();
  if (isGlobalBuiltin(name, sym)) return { kind: 'builtin', id: name };
  // In value position an interface or type alias has no symbol: look the name up among types.
  const typeSym = sym ?? arg.getProject().getTypeChecker().getSymbolsInScope(arg, ts.SymbolFlags.Type | ts.SymbolFlags.Alias).find((s) => s.getName() === name);
  const decls = targetSymbol(typeSym)?.getDeclarations() ?? [];
  const cls = decls.find((d) => Node.isClassDeclaration(d));
  if (cls && Node.isClassDeclaration(cls)) return classRef(ctx, cls, arg);
  const what = decls.some((d) => Node.isInterfaceDeclaration(d))
    ? 'an interface'
    : decls.some((d) => Node.isTypeAliasDeclaration(d))
      ? 'a type alias'
      : decls.length === 0
        ? 'nothing the compiler can resolve'
        : Node.isVariableDeclaration(decls[0]!)
          ? 'a variable'
          : Node.isFunctionDeclaration(decls[0]!)
            ? 'a function'
            : `a ${decls[0]!.getKindName()}`;
  ctx.report(arg, 'THS002', `@Receive(${arg.getText()}) names ${what}, not a class: interfaces and type aliases do not exist at run time`, fix);
  return undefined;
}
