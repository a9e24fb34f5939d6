import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkGenerated, generate, writeGenerated } from '../codegen/index.js';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

const ACTORS = 200;
const MESSAGES = 1000;

/**
 * A synthetic project: 1,000 message classes in 100 files (with Date/Map/Set fields and
 * inheritance) and 200 actors in 200 files, each handling 5 messages, half of them through
 * a shared base class. Types come from the repo's framework source via `paths`.
 */
async function writeSyntheticProject(dir: string): Promise<void> {
  const framework = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'framework', 'index.ts');
  await mkdir(path.join(dir, 'src', 'messages'), { recursive: true });
  await mkdir(path.join(dir, 'src', 'actors'), { recursive: true });
  await writeFile(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, experimentalDecorators: true,
        useDefineForClassFields: false, skipLibCheck: true, noEmit: true, types: [], paths: { 'thespian-ts': [framework] },
      },
      include: ['src', 'generated'],
    }),
  );
  for (let f = 0; f < MESSAGES / 10; f++) {
    const classes: string[] = [`import { Message } from 'thespian-ts';`];
    for (let i = f * 10; i < f * 10 + 10; i++) {
      const base = i % 10 === 0 ? '' : ` extends M${i - 1}`;
      classes.push(
        `@Message({ id: 'bench.M${i}' })\nexport class M${i}${base} {\n  f${i} = ${i};\n  at${i} = new Date(0);\n  tags${i} = new Set<string>();\n  map${i} = new Map<string, number>();\n}`,
      );
    }
    await writeFile(path.join(dir, 'src', 'messages', `m${f}.ts`), classes.join('\n\n') + '\n');
  }
  await writeFile(
    path.join(dir, 'src', 'actors', 'base.ts'),
    `import { ActorBase, Receive } from 'thespian-ts';\nimport { M0 } from '../messages/m0.js';\n\nexport class BenchBase extends ActorBase {\n  @Receive(M0)\n  m0(_m: M0): void {}\n\n  @Receive(String)\n  text(_m: string): void {}\n}\n`,
  );
  for (let a = 0; a < ACTORS; a++) {
    const handled = [0, 1, 2, 3, 4].map((k) => (a * 5 + k) % MESSAGES);
    const imports = handled.map((i) => `import { M${i} } from '../messages/m${Math.floor(i / 10)}.js';`);
    const methods = handled.map((i) => `  @Receive(M${i})\n  h${i}(_m: M${i}): void {}`);
    const base = a % 2 === 0 ? 'BenchBase' : 'ActorBase';
    await writeFile(
      path.join(dir, 'src', 'actors', `a${a}.ts`),
      `import { Actor, ActorBase, Receive } from 'thespian-ts';\nimport { BenchBase } from './base.js';\n${imports.join('\n')}\n\nvoid ActorBase;\nvoid BenchBase;\n\n@Actor()\nexport class A${a} extends ${base} {\n${methods.join('\n\n')}\n}\n`,
    );
  }
}

/** Generates (writing the registry) and then checks the synthetic project; returns timings. */
export async function runCodegenBench(): Promise<BenchFigure[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'thespian-codegen-bench-'));
  try {
    await writeSyntheticProject(dir);
    const project = path.join(dir, 'tsconfig.json');
    let t = performance.now();
    const generated = generate({ project });
    if (generated.diagnostics.length > 0) throw new Error(`bench project has diagnostics: ${generated.diagnostics[0]!.message}`);
    if (generated.stats.actors !== ACTORS || generated.stats.messages !== MESSAGES) {
      throw new Error(`bench project scanned ${generated.stats.actors} actors and ${generated.stats.messages} messages`);
    }
    await writeGenerated(generated.files);
    const generateMs = performance.now() - t;
    t = performance.now();
    const again = generate({ project });
    const stale = await checkGenerated(again.files);
    const checkMs = performance.now() - t;
    if (stale.length > 0) throw new Error('bench: --check found a freshly generated registry stale (non-deterministic output)');
    return [
      { name: `codegen generate (${ACTORS} actors, ${MESSAGES} messages)`, value: Math.round(generateMs), unit: 'ms' },
      { name: `codegen --check (${ACTORS} actors, ${MESSAGES} messages)`, value: Math.round(checkMs), unit: 'ms' },
      { name: 'codegen registry size', value: generated.files[0]!.text.length, unit: 'bytes' },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await runCodegenBench()) console.log(`${f.name}: ${f.value} ${f.unit}${f.unit === 'ms' ? ` (target < 10000 ms)` : ''}`);
}
