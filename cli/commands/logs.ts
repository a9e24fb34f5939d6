import { existsSync, openSync, readSync, closeSync, readFileSync, statSync } from 'node:fs';
import type { Argv } from 'yargs';
import { adminStatePaths, readAdminState } from '../../framework/internal.js';
import { adminOptions, adminPort, type SystemArgs } from '../admin-connection.js';
import { paint, type Paint } from '../feedback.js';
import { CliError, type CliIo } from '../io.js';
import type { CommandFactory } from './command.js';

interface LogsArgs extends SystemArgs {
  follow: boolean;
  lines: number;
}

function colour(c: Paint, line: string): string {
  if (/ (ERROR|CRITICAL) /.test(line)) return c.red(line);
  if (/ WARNING /.test(line)) return c.yellow(line);
  return line;
}

interface Tail {
  text: string;
  size: number;
  ino: number;
}

function statOf(file: string): { size: number; ino: number } | undefined {
  try {
    const { size, ino } = statSync(file);
    return { size, ino };
  } catch {
    return undefined;
  }
}

function bytes(file: string, from: number, to: number): string {
  if (to <= from) return '';
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    readSync(fd, buf, 0, buf.length, from);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * What was appended since `offset`. After a rotation (spec 4.13.3: the full file became
 * '.old'), first the rest of the file we were reading, now '.old', then the new one.
 */
function readFrom(file: string, offset: number, ino = -1): Tail {
  const now = statOf(file);
  if (!now) return { text: '', size: 0, ino: -1 };
  if (ino === -1 || (now.ino === ino && now.size >= offset)) return { text: bytes(file, offset, now.size), size: now.size, ino: now.ino };
  const old = statOf(`${file}.old`);
  const rest = old && old.ino === ino ? bytes(`${file}.old`, offset, old.size) : '';
  return { text: rest + bytes(file, 0, now.size), size: now.size, ino: now.ino };
}

/** Where the admin on this base and port logs: what it recorded, else the default file (it may have stopped). */
function adminLogFile(base: string, port: number): string {
  return readAdminState(base, port)?.logFile ?? adminStatePaths(base, port).log;
}

/** `thespian logs`: the detached admin's log (its own lines and actors' WARNING+ records). */
export const logsCommand: CommandFactory = (io: CliIo) => ({
  command: 'logs',
  describe: "show the log of a TCP or UDP admin (its own problems and its actors' warnings and errors)",
  builder: (y: Argv) =>
    adminOptions(y)
      .option('follow', { alias: 'f', type: 'boolean', default: false, describe: 'keep printing new lines until interrupted (Ctrl-C)' })
      .option('lines', { alias: 'n', type: 'number', default: 50, describe: 'how many of the last lines to show first' })
      .example('$0 logs -f', 'follow the log of the admin on port 1900'),
  handler: async (argv: unknown) => {
    const args = argv as LogsArgs;
    const port = adminPort(args);
    const file = adminLogFile(args.base, port);
    const c = paint(io);
    if (!existsSync(file) && !args.follow) {
      throw new CliError(`no log at ${file}: no ${args.base} admin has logged on port ${port} (start one with: thespian start --base ${args.base} --port ${port})`, 'NO_LOG');
    }
    const old = existsSync(`${file}.old`) ? readFileSync(`${file}.old`, 'utf8') : '';
    const first = readFrom(file, 0);
    const lines = (old + first.text).split('\n').filter(Boolean);
    const shown = args.lines > 0 ? lines.slice(-args.lines) : [];
    io.err(c.dim(`${file}${lines.length ? '' : ' (empty: nothing at WARNING or above yet; THESPLOG_THRESHOLD lowers the level)'}`));
    for (const line of shown) io.out(colour(c, line));
    if (!args.follow) return;
    let offset = first.size;
    let ino = first.ino;
    let partial = '';
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const next = readFrom(file, offset, ino);
        offset = next.size;
        ino = next.ino;
        const parts = (partial + next.text).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) if (line) io.out(colour(c, line));
      }, 200);
      process.once('SIGINT', () => {
        clearInterval(timer);
        resolve();
      });
      process.once('SIGTERM', () => {
        clearInterval(timer);
        resolve();
      });
    });
  },
});
