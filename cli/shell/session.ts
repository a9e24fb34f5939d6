import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { ActorAddress, ActorExitRequest, ActorStatus, StatusRequest, type ActorSystem } from '../../framework/index.js';
import { paint, type Paint } from '../feedback.js';
import { CliError, type CliIo } from '../io.js';
import { statusJson, statusText } from '../status-view.js';
import { messageNames, parseMessage } from './message-text.js';
import { Targets } from './targets.js';

interface Command {
  usage: string;
  help: string;
  run(rest: string): Promise<void>;
}

const DEFAULT_WAIT_MS = 10_000;

/** Splits 'word rest of line'. */
function firstWord(text: string): [string, string] {
  const m = /^\s*(\S+)\s*(.*)$/s.exec(text);
  return m ? [m[1]!, m[2]!] : ['', ''];
}

/**
 * The commands of `thespian shell` (after Thespian's thespian.shell), on one running system.
 * Each line is one command; errors are printed and the session carries on.
 */
export class ShellSession {
  readonly targets = new Targets();
  private readonly c: Paint;
  readonly commands: Record<string, Command>;
  ended = false;

  constructor(
    private readonly asys: ActorSystem,
    private readonly io: CliIo,
  ) {
    this.c = paint(io);
    this.commands = {
      status: { usage: 'status [target]', help: "the system's actor tree, or one actor's ActorStatus", run: (r) => this.status(r) },
      actors: { usage: 'actors', help: 'the addresses this session knows, with their #numbers', run: () => this.actors() },
      create: { usage: 'create <Class|path.ts:Export> [globalName]', help: 'create an actor (by @Actor name, or module path and export)', run: (r) => this.create(r) },
      tell: { usage: 'tell <target> <message>', help: 'send a message; do not wait', run: (r) => this.send(r, false) },
      ask: { usage: 'ask <target> <message>', help: `send a message and print the answer (waits up to ${DEFAULT_WAIT_MS / 1000} s)`, run: (r) => this.send(r, true) },
      listen: { usage: 'listen [ms]', help: 'print the next message sent to this shell', run: (r) => this.listen(r) },
      kill: { usage: 'kill <target>', help: 'send the actor an ActorExitRequest', run: (r) => this.kill(r) },
      load: { usage: 'load <module>', help: 'import a module (a generated registry, your message classes) so its classes can be sent', run: (r) => this.load(r) },
      messages: { usage: 'messages', help: 'the registered message classes ask and tell can build', run: async () => this.io.out(messageNames().join('  ') || '(none)') },
      help: { usage: 'help', help: 'this list; messages are JSON ("hi", {"a":1}), Class {"field": value}, or plain text', run: async () => this.help() },
      exit: { usage: 'exit', help: 'leave the shell (the system keeps running)', run: async () => void (this.ended = true) },
    };
    this.commands.quit = this.commands.exit!;
  }

  /** Runs one line; never throws (a failed command prints why). */
  async line(text: string): Promise<void> {
    const [word, rest] = firstWord(text);
    if (!word || word.startsWith('//')) return;
    const cmd = this.commands[word];
    try {
      if (!cmd) throw new CliError(`unknown command '${word}': type 'help' for the list`, 'SHELL_UNKNOWN_COMMAND');
      await cmd.run(rest);
    } catch (err) {
      const e = err as Error & { code?: string };
      this.io.err(this.c.red(`error${e.code ? ` ${e.code}` : ''}: ${e.message}`));
    }
  }

  /** A target word; one not known yet may be an actor created since: look again in the system's status. */
  private async target(word: string): Promise<ActorAddress> {
    try {
      return this.targets.resolve(word);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      this.targets.learn(await this.asys.status());
      return this.targets.resolve(word);
    }
  }

  private show(value: unknown): string {
    if (value instanceof ActorAddress) return this.targets.label(value);
    return inspect(value, { colors: this.io.color ?? false, depth: 4, breakLength: 100 });
  }

  private async status(rest: string): Promise<void> {
    if (rest.trim()) {
      const target = await this.target(rest.trim());
      const answer = await this.asys.ask(target, new StatusRequest(), DEFAULT_WAIT_MS);
      if (!(answer instanceof ActorStatus)) throw new CliError(`no status from ${String(target)} within ${DEFAULT_WAIT_MS / 1000} s (gone, or busy?)`, 'SHELL_NO_ANSWER');
      this.io.out(String(answer));
      return;
    }
    const st = await this.asys.status();
    this.targets.learn(st);
    this.io.out(statusText(statusJson(st), this.c));
  }

  private async actors(): Promise<void> {
    if (this.targets.list().length === 0) this.targets.learn(await this.asys.status());
    for (const { n, address } of this.targets.list()) this.io.out(`#${n}  ${address.label || '?'}  ${this.c.dim(address.key)}`);
  }

  private async create(rest: string): Promise<void> {
    const [spec, globalName] = firstWord(rest);
    if (!spec) throw new CliError(`usage: ${this.commands.create!.usage}`, 'SHELL_USAGE');
    const name = globalName.trim();
    const address = await this.asys.createActor(spec, name ? { globalName: name } : {});
    if (name) this.targets.name(name, address);
    this.io.out(`created ${this.targets.label(address)}`);
  }

  private async send(rest: string, wait: boolean): Promise<void> {
    const [word, text] = firstWord(rest);
    if (!word) throw new CliError(`usage: ${wait ? this.commands.ask!.usage : this.commands.tell!.usage}`, 'SHELL_USAGE');
    const target = await this.target(word);
    const message = parseMessage(text);
    if (!wait) {
      await this.asys.tell(target, message);
      this.io.out(`sent to ${this.targets.label(target)}`);
      return;
    }
    const answer = await this.asys.ask(target, message, DEFAULT_WAIT_MS);
    this.io.out(answer === undefined ? this.c.yellow(`no answer within ${DEFAULT_WAIT_MS / 1000} s`) : `answer: ${this.show(answer)}`);
  }

  private async listen(rest: string): Promise<void> {
    const ms = rest.trim() ? Number(rest.trim()) : DEFAULT_WAIT_MS;
    if (!Number.isFinite(ms) || ms < 0) throw new CliError(`listen takes milliseconds, got '${rest.trim()}'`, 'SHELL_USAGE');
    const got = await this.asys.listen(ms);
    this.io.out(got === undefined ? this.c.yellow(`nothing within ${ms} ms`) : `received: ${this.show(got)}`);
  }

  private async kill(rest: string): Promise<void> {
    const target = await this.target(rest.trim());
    await this.asys.tell(target, new ActorExitRequest());
    this.io.out(`exit request sent to ${this.targets.label(target)}`);
  }

  private async load(rest: string): Promise<void> {
    const file = path.resolve(rest.trim());
    if (!rest.trim()) throw new CliError(`usage: ${this.commands.load!.usage}`, 'SHELL_USAGE');
    // A .ts module needs tsx's loader in this process (a dependency of thespian-ts).
    if (/\.[mc]?tsx?$/.test(file)) (await import('tsx/esm/api')).register();
    const before = new Set(messageNames());
    await import(pathToFileURL(file).href);
    const added = messageNames().filter((n) => !before.has(n));
    this.io.out(`loaded ${file}${added.length ? `: ${added.join(', ')}` : ''}`);
  }

  private help(): void {
    const width = Math.max(...Object.values(this.commands).map((c) => c.usage.length));
    for (const [name, cmd] of Object.entries(this.commands)) if (name !== 'quit') this.io.out(`${cmd.usage.padEnd(width)}  ${this.c.dim(cmd.help)}`);
  }

  /** readline's completer: command names first, then targets, then message classes. */
  complete(line: string): [string[], string] {
    const words = line.split(/\s+/);
    const current = words[words.length - 1] ?? '';
    let pool: string[];
    if (words.length <= 1) pool = Object.keys(this.commands);
    else if (words.length === 2 && ['tell', 'ask', 'status', 'kill'].includes(words[0]!)) pool = this.targets.words();
    else if (words.length === 3 && ['tell', 'ask'].includes(words[0]!)) pool = messageNames();
    else pool = [];
    const hits = pool.filter((w) => w.startsWith(current));
    return [hits.length ? hits : pool, current];
  }
}
