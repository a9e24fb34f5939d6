import { watch } from 'node:fs';
import path from 'node:path';
import type { GenerateResult } from '../../codegen/index.js';
import { paint, progress } from '../feedback.js';
import { CliError, type CliIo, type ExitCode } from '../io.js';
import type { CommandFactory } from './command.js';

interface GenerateArgs {
  project: string;
  out?: string;
  check?: boolean;
  watch?: boolean;
  runtimeModule: string;
}

function summary(r: GenerateResult, what: string): string {
  const s = r.stats;
  return `thespian generate: ${s.filesScanned} files scanned, ${s.actors} actors, ${s.messages} messages, ${what} (${(s.ms / 1000).toFixed(2)} s)`;
}

function rel(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** One generate (or check) pass; returns its exit code. */
async function runOnce(args: GenerateArgs, io: CliIo): Promise<ExitCode> {
  // Loaded here, not at the top: codegen brings ts-morph (and TypeScript), which no other command needs.
  const { checkGenerated, formatDiagnostic, generate, ProjectLoadError, writeGenerated } = await import('../../codegen/index.js');
  const c = paint(io);
  const p = progress(io, `thespian generate: scanning ${rel(path.resolve(args.project))}`);
  // Let the spinner draw before the synchronous scan holds the event loop for seconds.
  await new Promise((r) => setImmediate(r));
  let result: GenerateResult;
  try {
    result = generate({ project: args.project, out: args.out, runtimeModule: args.runtimeModule });
  } catch (err) {
    p.failed(`thespian generate: could not load ${args.project}`);
    if (err instanceof ProjectLoadError) throw new CliError(err.message, err.code);
    throw err;
  }
  if (result.diagnostics.length > 0) {
    p.failed(summary(result, c.red(`${result.diagnostics.length} error(s), nothing written`)));
    for (const d of result.diagnostics) io.err(formatDiagnostic(d));
    return 1;
  }
  if (args.check) {
    const stale = await checkGenerated(result.files);
    if (stale.length > 0) {
      p.failed(summary(result, c.red(`${stale.length} stale file(s); run 'thespian generate' and commit the result`)));
      for (const s of stale) io.err(`stale: ${rel(s.path)}\n${s.diff}`);
      return 1;
    }
    p.done(summary(result, c.green('up to date')));
    return 0;
  }
  const written = await writeGenerated(result.files);
  p.done(summary(result, written.length ? c.green(`wrote ${written.map(rel).join(', ')}`) : 'already up to date'));
  return 0;
}

/** --watch: regenerate when a source file changes; runs until the process is interrupted. */
async function watchLoop(args: GenerateArgs, io: CliIo): Promise<ExitCode> {
  const dir = path.dirname(path.resolve(args.project));
  await runOnce(args, io).catch((err: unknown) => io.err(String(err instanceof Error ? err.message : err)));
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, { recursive: true }, (_event, file) => {
    const name = String(file ?? '');
    // Our own output and dependencies would retrigger forever.
    if (!/\.(m|c)?tsx?$/.test(name) || name.includes('node_modules') || name.endsWith('thespian-registry.ts')) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      void runOnce(args, io).catch((err: unknown) => io.err(String(err instanceof Error ? err.message : err)));
    }, 150);
  });
  io.out(`thespian generate: watching ${rel(dir) || '.'} (Ctrl-C to stop)`);
  return new Promise((resolve) => {
    process.once('SIGINT', () => {
      watcher.close();
      clearTimeout(timer);
      resolve(0);
    });
  });
}

export const generateCommand: CommandFactory = (io, setExit) => ({
  command: 'generate',
  describe: 'Scan the project and write its registry module (message ids, lazy actor imports, dispatch tables, typed addresses)',
  builder: (y) =>
    y
      .option('project', { alias: 'p', type: 'string', default: 'tsconfig.json', describe: 'the tsconfig.json of the project to scan' })
      .option('out', { alias: 'o', type: 'string', describe: "output folder (default: 'generated' next to the tsconfig)" })
      .option('check', { type: 'boolean', describe: 'write nothing; exit 1 naming each stale file with a short diff (for CI)' })
      .option('watch', { alias: 'w', type: 'boolean', describe: 'regenerate whenever a source file changes' })
      .option('runtime-module', { type: 'string', default: 'thespian-ts', describe: 'module specifier the generated code imports the runtime from' })
      .check((a) => !(a['check'] && a['watch']) || '--check and --watch cannot be combined: --check is a one-shot test for CI')
      .example('$0 generate', 'regenerate ./generated/thespian-registry.ts')
      .example('$0 generate --check', 'fail (exit 1) when the committed registry is stale'),
  handler: async (raw) => {
    const argv = raw as unknown as GenerateArgs;
    setExit(argv.watch ? await watchLoop(argv, io) : await runOnce(argv, io));
  },
});
