import { Node, type ClassDeclaration, type Decorator } from 'ts-morph';
import type { TransformerModel } from './model.js';
import { decoratorNamed, type ScanContext } from './scan-context.js';
import { messageIdOf, targetSymbol } from './scan-types.js';

/** @Type targets the runtime restores without a registered message class (dto-transform.ts SAFE_TARGETS). */
const GLOBAL_TARGETS = new Set(['Date', 'Map', 'Set', 'String', 'Number', 'Boolean', 'Array', 'Object', 'Buffer', 'ActorAddress']);
const DECORATORS = ['Type', 'Exclude', 'Expose', 'Transform'] as const;

/** A decorator imported from class-transformer (a project's own `@Type` is not one). */
function fromClassTransformer(d: Decorator): boolean {
  const call = d.getCallExpression();
  const id = call?.getExpression();
  if (!id || !Node.isIdentifier(id)) return false;
  const decl = id.getSymbol()?.getDeclarations()[0];
  if (decl && Node.isImportSpecifier(decl)) return decl.getImportDeclaration().getModuleSpecifierValue() === 'class-transformer';
  const target = targetSymbol(id.getSymbol())?.getDeclarations()[0];
  return target !== undefined && /[\\/]class-transformer[\\/]/.test(target.getSourceFile().getFilePath());
}

function ctDecorator(node: { getDecorators(): Decorator[] }, name: (typeof DECORATORS)[number]): Decorator | undefined {
  const d = decoratorNamed(node, name);
  return d && fromClassTransformer(d) ? d : undefined;
}

function stringOption(d: Decorator, key: string): string | undefined {
  const arg = d.getArguments()[0];
  if (!arg || !Node.isObjectLiteralExpression(arg)) return undefined;
  const prop = arg.getProperty(key);
  const init = prop && Node.isPropertyAssignment(prop) ? prop.getInitializer() : undefined;
  return init && (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init)) ? init.getLiteralValue() : undefined;
}

/**
 * The class-transformer annotations of a message class and its project base classes, or
 * undefined when it has none (its registry entry then stays as it was). THS012 when a @Type
 * names something the runtime will refuse to construct from the wire.
 */
export function scanTransformer(ctx: ScanContext, cls: ClassDeclaration): TransformerModel | undefined {
  const chain: ClassDeclaration[] = [];
  for (let c: ClassDeclaration | undefined = cls; c && ctx.isProjectFile(c.getSourceFile()); c = c.getBaseClass()) chain.unshift(c);
  const model: TransformerModel = { exclude: [], expose: [], transform: [], types: [] };
  let found = false;
  for (const level of chain) {
    if (ctDecorator(level, 'Exclude')) {
      model.strategy = 'excludeAll';
      found = true;
    }
    if (ctDecorator(level, 'Expose')) {
      model.strategy = 'exposeAll';
      found = true;
    }
    for (const member of [...level.getProperties(), ...level.getGetAccessors()]) {
      if (Node.isPropertyDeclaration(member) && member.isStatic()) continue;
      const name = member.getName();
      if (ctDecorator(member, 'Exclude')) model.exclude.push(name);
      const expose = ctDecorator(member, 'Expose');
      if (expose) model.expose.push({ field: name, as: stringOption(expose, 'name') ?? name });
      if (ctDecorator(member, 'Transform')) model.transform.push(name);
      const type = ctDecorator(member, 'Type');
      if (type) model.types.push({ field: name, target: typeTarget(ctx, cls, name, type) });
      if (DECORATORS.some((n) => ctDecorator(member, n))) found = true;
    }
  }
  if (!found) return undefined;
  const byName = (a: { field: string }, b: { field: string }) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0);
  model.exclude.sort();
  model.transform.sort();
  model.expose.sort(byName);
  model.types.sort(byName);
  return model;
}

/** The wire id of a @Type target (a global's own name), reporting THS012 when it is not restorable. */
function typeTarget(ctx: ScanContext, cls: ClassDeclaration, field: string, d: Decorator): string {
  const where = `${cls.getName()}.${field}`;
  const arg = d.getArguments()[0];
  const body = arg && (Node.isArrowFunction(arg) || Node.isFunctionExpression(arg)) ? arg.getBody() : undefined;
  const returned = body && Node.isBlock(body) ? undefined : body;
  if (!returned || !Node.isIdentifier(returned)) {
    ctx.report(d, 'THS012', `@Type of ${where} does not return a fixed class (${arg?.getText() ?? 'no argument'})`, `write @Type(() => SomeMessageClass), naming a @Message class (or Date, Map, Set) the receiver may construct`);
    return '?';
  }
  const name = returned.getText();
  const decls = targetSymbol(returned.getSymbol())?.getDeclarations() ?? [];
  const decl = decls.find((n) => Node.isClassDeclaration(n));
  const isGlobal = GLOBAL_TARGETS.has(name) && (name === 'ActorAddress' || decls.every((n) => n.getSourceFile().isDeclarationFile()));
  if (isGlobal) return name;
  if (decl && Node.isClassDeclaration(decl) && decoratorNamed(decl, 'Message')) return messageIdOf(decl);
  ctx.report(
    returned,
    'THS012',
    `@Type of ${where} names ${name}, which is not a @Message class: the runtime refuses to construct it from the wire`,
    `decorate ${name} with @Message() (or point @Type at a @Message class, Date, Map or Set)`,
  );
  return name;
}
