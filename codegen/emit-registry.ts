import { emitActor } from './emit-actors.js';
import { ImportPlan } from './emit-imports.js';
import { emitMessage } from './emit-schema.js';
import { emitTypedAddresses, usesActorAddressType } from './emit-typed.js';
import type { RegistryModel } from './model.js';
import { GENERATED_HEADER } from './project.js';

/** The whole registry module: a pure function of the model, so same model, same bytes. */
export function emitRegistry(model: RegistryModel): string {
  const imports = new ImportPlan(model);
  const runtime = JSON.stringify(model.runtimeModule);
  const runtimeNames = ['loadRegistry', 'type GeneratedRegistry', ...(usesActorAddressType(model) ? ['type ActorAddress'] : [])];
  const typed = emitTypedAddresses(model, imports);
  const lines = [
    `${GENERATED_HEADER} (\`thespian generate --project ${model.tsconfig}\`). Do not edit: run \`thespian generate\` again.`,
    `// ${model.messages.length} message classes, ${model.actors.length} actors.`,
    `import { ${runtimeNames.join(', ')} } from ${runtime};`,
    ...imports.statements(),
    ``,
    `export const registry: GeneratedRegistry = {`,
    `  version: 1,`,
    `  messages: [`,
    ...model.messages.map((m) => emitMessage(m, imports)),
    `  ],`,
    `  actors: [`,
    ...model.actors.map((a) => emitActor(a, model, imports)),
    `  ],`,
    `};`,
    ``,
    `/** For ActorSystem.start({ registry: <this module> }); importing the module already loads it. */`,
    `export function load(): void {`,
    `  loadRegistry(registry);`,
    `}`,
    ``,
    `loadRegistry(registry);`,
    ...(typed.length ? ['', ...typed] : []),
    ``,
  ];
  return lines.join('\n');
}
