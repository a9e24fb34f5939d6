import pc from 'picocolors';
import { createSpinner } from 'nanospinner';
import type { CliIo } from './io.js';

export type Paint = ReturnType<typeof pc.createColors>;

/** Colours for this output: every function is the identity when colour is off (NO_COLOR, pipes). */
export function paint(io: CliIo): Paint {
  return pc.createColors(io.color ?? false);
}

/** Work that takes a while: a spinner at a terminal; elsewhere only the outcome line, so logs stay clean. */
export interface Progress {
  update(text: string): void;
  /** Ends it with the outcome on stdout. */
  done(text: string): void;
  /** Ends it with the failure on stderr (the caller still throws or returns the exit code). */
  failed(text: string): void;
}

export function progress(io: CliIo, text: string): Progress {
  const c = paint(io);
  if (!io.terminal) {
    return { update: () => undefined, done: (t) => io.out(t), failed: (t) => io.err(t) };
  }
  const spinner = createSpinner(text, { stream: process.stdout, ...(io.color ? { color: 'cyan' as const } : {}) }).start();
  return {
    update: (t) => void spinner.update({ text: t }),
    done: (t) => void spinner.success({ text: t, mark: c.green('✔') }),
    failed: (t) => {
      spinner.error({ text: c.red(t), mark: c.red('✖') });
    },
  };
}

/** Runs `work` under a spinner; a throw ends the spinner as failed and propagates unchanged (codes kept). */
export async function withProgress<T>(io: CliIo, text: string, work: (p: Progress) => Promise<T>): Promise<T> {
  const p = progress(io, text);
  try {
    return await work(p);
  } catch (err) {
    if (io.terminal) p.failed(`${text}: failed`);
    throw err;
  }
}
