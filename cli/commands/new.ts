import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { paint, withProgress } from '../feedback.js';
import { CliError, type CliIo } from '../io.js';
import { packageRoot, packageVersion } from '../package-root.js';
import type { CommandFactory } from './command.js';

const TEMPLATES = ['basic', 'troupe', 'convention'] as const;

interface NewArgs {
  dir: string;
  template: (typeof TEMPLATES)[number];
  framework?: string;
  install?: boolean;
}

/**
 * Files stored under another name in templates/, so the template folders are not mistaken
 * for packages or git metadata of this repository.
 */
const RENAMES: Record<string, string> = { '_package.json': 'package.json', _gitignore: '.gitignore' };

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

/** A source checkout (not an installed package): `new` then says which thespian-ts it chose. */
function runsFromCheckout(root = packageRoot()): boolean {
  return existsSync(path.join(root, 'cli', 'bin.ts'));
}

/**
 * The dependency spec written into the new project: by default the registry's release of the
 * running CLI's version; with --framework, a folder or tarball on disk (as 'file:'), or any
 * other npm spec given as it is.
 */
function frameworkDependency(framework: string | undefined): string {
  if (framework === undefined || framework === '') return `^${packageVersion()}`;
  if (framework.startsWith('file:')) return `file:${path.resolve(framework.slice(5))}`;
  if (existsSync(framework)) return `file:${path.resolve(framework)}`;
  if (/\.(tgz|tar\.gz)$/.test(framework) || framework.startsWith('.') || framework.startsWith('/')) {
    throw new CliError(`--framework ${framework}: no such file or folder; give the thespian-ts checkout or a tarball from 'npm pack'`, 'NEW_FRAMEWORK_MISSING');
  }
  return framework;
}

/** Copies templates/<template> into `dir`, filling the project name and the framework dependency. */
async function createProject(args: NewArgs): Promise<{ dir: string; files: string[]; dependency: string }> {
  const target = path.resolve(args.dir);
  if (existsSync(target) && (await readdir(target)).length > 0) {
    throw new CliError(`${target} exists and is not empty; choose a new folder name`, 'NEW_TARGET_NOT_EMPTY');
  }
  const root = packageRoot();
  const source = path.join(root, 'templates', args.template);
  if (!existsSync(source)) throw new CliError(`template '${args.template}' is missing at ${source}; reinstall thespian-ts`, 'NEW_TEMPLATE_MISSING');
  const dependency = frameworkDependency(args.framework);
  await mkdir(target, { recursive: true });
  await cp(source, target, { recursive: true });
  const name = path.basename(target).toLowerCase().replace(/[^a-z0-9._-]/g, '-');
  const files: string[] = [];
  for (const file of await walk(target)) {
    const renamed = RENAMES[path.basename(file)];
    const final = renamed ? path.join(path.dirname(file), renamed) : file;
    if (renamed) await rename(file, final);
    const text = await readFile(final, 'utf8');
    const filled = text.replaceAll('{{name}}', name).replaceAll('{{thespianDependency}}', dependency);
    if (filled !== text) await writeFile(final, filled);
    files.push(path.relative(target, final).split(path.sep).join('/'));
  }
  return { dir: target, files: files.sort(), dependency };
}

/** `npm install` in the new project; its output is shown only when it fails. */
function npmInstall(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => reject(new CliError(`could not run npm in ${dir}: ${err.message}`, 'NEW_INSTALL_FAILED')));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new CliError(`npm install in ${dir} failed (exit ${code}):\n${output.trim()}\nfix the cause, then run npm install there`, 'NEW_INSTALL_FAILED')),
    );
  });
}

export const newCommand: CommandFactory = (io: CliIo, setExit) => ({
  command: 'new <dir>',
  describe: 'Create a project with an actor, a message, a test, a main program and the generate/check scripts',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'folder to create (must not exist or be empty)' })
      .option('template', { alias: 't', choices: TEMPLATES, default: 'basic' as const, describe: 'which starting point' })
      .option('framework', { type: 'string', describe: `the thespian-ts to depend on: a checkout folder or an 'npm pack' tarball (default: ^${packageVersion()} from the registry)` })
      .option('install', { type: 'boolean', default: false, describe: 'run npm install in the new project' })
      .example('$0 new my-actors', 'a basic project in ./my-actors')
      .example('$0 new workers --template troupe --install', 'a dispatcher with a pool of workers, dependencies installed')
      .example('$0 new local --framework ../thespian-ts', 'depend on a local checkout (build it first: npm run build)'),
  handler: async (raw) => {
    const argv = raw as unknown as NewArgs;
    const c = paint(io);
    const { dir, files, dependency } = await createProject(argv);
    io.out(`${c.green('created')} ${files.length} files in ${dir} from the '${argv.template}' template`);
    const chosen = argv.framework ? 'as given by --framework' : 'from the npm registry';
    io.out(`thespian-ts dependency: ${c.bold(dependency)} (${chosen})`);
    if (!argv.framework && runsFromCheckout()) {
      io.out(c.yellow(`this CLI runs from a source checkout (${packageRoot()}); to depend on it instead: thespian new ${argv.dir} --framework ${packageRoot()}`));
    }
    const rel = path.relative(process.cwd(), dir) || '.';
    if (argv.install) {
      await withProgress(io, `npm install in ${rel}`, async (p) => {
        await npmInstall(dir);
        p.done(`${c.green('installed')} dependencies in ${rel}`);
      });
      io.out(`next: cd ${rel} && npm start && npm test`);
    } else {
      io.out(`next: cd ${rel} && npm install && npm start && npm test`);
    }
    setExit(0);
  },
});
