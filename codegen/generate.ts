import path from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { emitRegistry } from './emit-registry.js';
import { loadProject, relativePath } from './project.js';
import { scanProject } from './scan.js';

export interface GenerateOptions {
  /** Path to the project's tsconfig.json. */
  project: string;
  /** Output folder (default: `generated` next to the tsconfig). */
  out?: string;
  /** How generated code imports the runtime (default 'thespian-ts'). */
  runtimeModule?: string;
}

export interface GeneratedFile {
  /** Absolute path. */
  path: string;
  text: string;
}

export interface GenerateResult {
  files: GeneratedFile[];
  diagnostics: Diagnostic[];
  stats: { filesScanned: number; actors: number; messages: number; ms: number };
}

export const REGISTRY_FILE = 'thespian-registry.ts';

/** Scans and emits in memory; write.ts decides what reaches the disk. Throws ProjectLoadError. */
export function generate(options: GenerateOptions): GenerateResult {
  const started = performance.now();
  const loaded = loadProject(options.project);
  const outDir = path.resolve(loaded.projectDir, options.out ?? 'generated');
  const outFile = relativePath(loaded.projectDir, path.join(outDir, REGISTRY_FILE));
  const { model, diagnostics, filesScanned } = scanProject(loaded, {
    outFile,
    runtimeModule: options.runtimeModule ?? 'thespian-ts',
  });
  const files = diagnostics.length > 0 ? [] : [{ path: path.join(outDir, REGISTRY_FILE), text: emitRegistry(model) }];
  return {
    files,
    diagnostics,
    stats: { filesScanned, actors: model.actors.length, messages: model.messages.length, ms: performance.now() - started },
  };
}
