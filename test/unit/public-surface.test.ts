import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Node, Project } from 'ts-morph';

/**
 * Issue 9 item 5: `thespian-ts` exports DESIGN.md's API plus what generated registries and typed
 * addresses import, and nothing else. Each name is a promise to users, so adding or removing one
 * means editing PUBLIC below: a visible decision in review, not a side effect of `export *`.
 */
const ROOT = resolve(import.meta.dirname, '../..');

// Sorted by name; `type X` is a type-only export.
const PUBLIC = [
  'Actor',
  'ActorAddress',
  'ActorBase',
  'ActorExitRequest',
  'type ActorSpec',
  'ActorStatus',
  'ActorSystem',
  'ActorSystemConventionUpdate',
  'ActorSystemException',
  'ActorSystemFailure',
  'ActorSystemMessage',
  'ActorSystemRequestTimeout',
  'ActorSystemStartupFailure',
  'type Capabilities',
  'ChildActorExited',
  'Command',
  'CommandError',
  'CommandLog',
  'type CommandOptions',
  'CommandOutput',
  'CommandResult',
  'CommandStarted',
  'type CreateActorOptions',
  'DIRECTOR_GLOBAL_NAME',
  'DeadEnvelope',
  'DirectorControl',
  'type DirectorControlOptions',
  'type GeneratedRegistry',
  'type InitEntry',
  'type InitOptions',
  'InitializingMessages',
  'InvalidActorAddress',
  'InvalidActorSourceHash',
  'InvalidActorSpecification',
  'InvalidLogDefs',
  'LoadedSource',
  'type LogDefs',
  'type LogDictConfig',
  'type LogLevel',
  'type LogRecord',
  'type LogShorthand',
  'Message',
  'type MessageOf',
  'type MessageSender',
  'NoCompatibleSystemForActor',
  'PoisonMessage',
  'PrivateContext',
  'Receive',
  'RequireCapability',
  'type RoleAddressResponse',
  'RunCommand',
  'SUPER',
  'type SourceEntry',
  'StatusRequest',
  'type Super',
  'type SystemOptions',
  'SystemStatus',
  'THESPIAN_GENERATION',
  'ThespianWatch',
  'Transient',
  'TransientIdle',
  'Troupe',
  'type TroupeOptions',
  'type TypedAddress',
  'UnloadedSource',
  'UpdateTroupeSettings',
  'ValidateSource',
  'ValidatedSource',
  'WakeupMessage',
  'WatchMessage',
  'type WatchableStream',
  'buildSourcePackage',
  'loadRegistry',
  'typedAddress',
];

const nameOf = (entry: string): string => entry.replace(/^type /, '');
const byName = (a: string, b: string): number => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0);

function declaredSurface(): string[] {
  const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { experimentalDecorators: true } });
  const entry = project.addSourceFileAtPath(resolve(ROOT, 'framework/index.ts'));
  project.resolveSourceFileDependencies();
  const names: string[] = [];
  for (const [name, decls] of entry.getExportedDeclarations()) {
    const typeOnly = decls.every((d) => Node.isInterfaceDeclaration(d) || Node.isTypeAliasDeclaration(d));
    names.push(typeOnly ? `type ${name}` : name);
  }
  return names.sort(byName);
}

describe('issue 9: the public entry is only the API', () => {
  it('framework/index.ts exports exactly the names listed here (edit PUBLIC to add one, deliberately)', () => {
    expect([...PUBLIC].sort(byName)).toEqual(PUBLIC);
    expect(declaredSurface()).toEqual(PUBLIC);
  });

  it('at run time the entry holds the listed values and nothing more', async () => {
    const values = PUBLIC.filter((n) => !n.startsWith('type ')).sort();
    expect(Object.keys(await import('thespian-ts')).sort()).toEqual(values);
  });

  it('generated registries (samples, templates, codegen golden files) import only public names', () => {
    const folders = ['samples', ...['templates', 'test/codegen/fixtures'].flatMap((d) => readdirSync(resolve(ROOT, d)).map((sub) => join(d, sub)))];
    const files = folders
      .map((d) => join(d, 'generated'))
      .filter((d) => existsSync(resolve(ROOT, d)))
      .flatMap((d) => readdirSync(resolve(ROOT, d)).filter((f) => f.endsWith('.ts')).map((f) => join(d, f)));
    expect(files.length).toBeGreaterThan(3);
    const outside: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(resolve(ROOT, file), 'utf8').matchAll(/import \{([^}]*)\} from "thespian-ts"/g)) {
        for (const raw of m[1]!.split(',')) {
          const name = raw.trim().replace(/^type /, '');
          if (name && !PUBLIC.some((p) => nameOf(p) === name)) outside.push(`${file}: ${name}`);
        }
      }
    }
    expect(outside).toEqual([]);
  });

  it('the internal entry is not a package export, so users cannot import it', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './codegen', './package.json']);
  });
});
