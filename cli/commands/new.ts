import { cp, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../io.js';
import { packageRoot } from '../package-root.js';
import type { CommandFactory } from './command.js';

export const TEMPLATES = ['basic', 'troupe', 'convention'] as const;

interface NewArgs {
  dir: string;
  template: (typeof TEMPLATES)[number];
  framework?: string;
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

/** Copies templates/<template> into `dir`, filling the project name and the framework dependency. */
export async function createProject(args: NewArgs): Promise<{ dir: string; files: string[] }> {
  const target = path.resolve(args.dir);
  if (existsSync(target) && (await readdir(target)).length > 0) {
    throw new CliError(`${target} exists and is not empty; choose a new folder name`, 'NEW_TARGET_NOT_EMPTY');
  }
  const root = packageRoot();
  const source = path.join(root, 'templates', args.template);
  if (!existsSync(source)) throw new CliError(`template '${args.template}' is missing at ${source}; reinstall thespian-ts`, 'NEW_TEMPLATE_MISSING');
  await mkdir(target, { recursive: true });
  await cp(source, target, { recursive: true });
  const name = path.basename(target).toLowerCase().replace(/[^a-z0-9._-]/g, '-');
  const framework = args.framework ?? `file:${root}`;
  const files: string[] = [];
  for (const file of await walk(target)) {
    const renamed = RENAMES[path.basename(file)];
    const final = renamed ? path.join(path.dirname(file), renamed) : file;
    if (renamed) await rename(file, final);
    const text = await readFile(final, 'utf8');
    const filled = text.replaceAll('{{name}}', name).replaceAll('{{thespianDependency}}', framework);
    if (filled !== text) await writeFile(final, filled);
    files.push(path.relative(target, final).split(path.sep).join('/'));
  }
  return { dir: target, files: files.sort() };
}

export const newCommand: CommandFactory = (io, setExit) => ({
  command: 'new <dir>',
  describe: 'Create a project with an actor, a message, a test and the generate/check scripts',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'folder to create (must not exist or be empty)' })
      .option('template', { alias: 't', choices: TEMPLATES, default: 'basic' as const, describe: 'which starting point' })
      .option('framework', { type: 'string', describe: "the thespian-ts dependency spec (default: 'file:' this installation)" })
      .example('$0 new my-actors', 'a basic project in ./my-actors')
      .example('$0 new workers --template troupe', 'a dispatcher with a pool of workers'),
  handler: async (raw) => {
    const argv = raw as unknown as NewArgs;
    const { dir, files } = await createProject(argv);
    io.out(`thespian new: created ${files.length} files in ${dir} from the '${argv.template}' template`);
    io.out(`next: cd ${path.relative(process.cwd(), dir) || '.'} && npm install && npm test`);
    setExit(0);
  },
});
