/** What the CLI (and tests) use from codegen. */
export { generate, REGISTRY_FILE, type GenerateOptions, type GenerateResult, type GeneratedFile } from './generate.js';
export { writeGenerated, checkGenerated, type StaleFile } from './write.js';
export { formatDiagnostic, DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode } from './diagnostics.js';
export { ProjectLoadError, GENERATED_HEADER } from './project.js';
export { emitRegistry } from './emit-registry.js';
export type { RegistryModel } from './model.js';
