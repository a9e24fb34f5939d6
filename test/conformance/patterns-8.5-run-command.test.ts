import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Command,
  CommandError,
  CommandLog,
  CommandOutput,
  CommandResult,
  CommandStarted,
  ActorExitRequest,
  RunCommand,
  type ActorAddress,
  type ActorSystem,
  type PrivateContext,
} from 'thespian-ts';
import { BASES, eventually, startSystem } from '../support/systems.js';

/** Node itself is the one program every test machine has. */
const node = (script: string, options: ConstructorParameters<typeof Command>[2] = {}) => new Command(process.execPath, ['-e', script], options);

/** Everything a private endpoint receives until it has been quiet for a while. */
/** Whether a process with this pid still runs. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Prints a line, then waits far longer than any test: only being stopped ends it early. */
const LONG_RUNNER = 'console.log("so far"); setTimeout(() => {}, 60000)';

async function drain(ctx: PrivateContext): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let m = await ctx.listen(500); m !== undefined; m = await ctx.listen(200)) out.push(m);
  return out;
}

describe.each(BASES)('8.5 RunCommand support (%s)', (base) => {
  let asys: ActorSystem;
  let runner: ActorAddress;
  beforeEach(async () => {
    asys = await startSystem(base);
    runner = await asys.createActor(RunCommand);
  });
  afterEach(async () => {
    await asys.shutdown();
  });

  const run = async (cmd: Command, timeoutMs = 20_000): Promise<CommandResult> => {
    const r = await asys.ask(runner, cmd, timeoutMs);
    expect(r).toBeInstanceOf(CommandResult);
    return r as CommandResult;
  };

  it('runs a command and answers with exit code, stdout and stderr', async () => {
    const r = await run(node('console.log("hello"); console.error("careful")'));
    expect(r).toMatchObject({ exitCode: 0, signal: null, stdout: 'hello\n', stderr: 'careful\n' });
    expect(r.ok).toBe(true);
    expect(r.errorReason).toBeUndefined();
    expect(r.command?.exe).toBe(process.execPath);
  });

  it('feeds input to stdin and honours env and cwd', async () => {
    expect((await run(node('process.stdin.pipe(process.stdout)', { input: 'from stdin' }))).stdout).toBe('from stdin');
    const dir = mkdtempSync(join(tmpdir(), 'runcommand-'));
    const r = await run(node('console.log(process.cwd() + "|" + process.env.GREETING)', { cwd: dir, env: { GREETING: 'hi' } }));
    expect(r.stdout.trim()).toBe(`${realpathSync(dir)}|hi`);
  });

  it('reports a non-zero exit with its code', async () => {
    const r = await run(node('process.exit(3)'));
    expect(r).toMatchObject({ exitCode: 3, ok: false });
    expect(r.errorReason).toMatch(/exited with code 3/);
  });

  it('gives a clear errorReason for a missing command, a missing cwd and a bad request', async () => {
    const missing = await run(new Command('no-such-command-thespian-ts', ['x']));
    expect(missing.exitCode).toBeNull();
    expect(missing.errorReason).toMatch(/command 'no-such-command-thespian-ts' not found \(ENOENT\): check the name or give an absolute path/);
    const noDir = await run(node('1', { cwd: join(tmpdir(), 'no-such-dir-thespian-ts') }));
    expect(noDir.errorReason).toMatch(/working directory .*no-such-dir-thespian-ts' does not exist/);
    const empty = await run(new Command(''));
    expect(empty.errorReason).toMatch(/Command.exe is "": set it to the program to run/);
  });

  it('stops a command at its timeout and says so', async () => {
    const start = performance.now();
    const r = await run(node('setTimeout(() => {}, 20000)', { timeoutMs: 200 }));
    expect(r.errorReason).toMatch(/timed out after 200 ms and was stopped with SIGTERM; raise Command.timeoutMs/);
    expect(r.signal).toBe('SIGTERM');
    expect(r.ok).toBe(false);
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  it('sends the output lines to a logger address, and progress to outputUpdates', async () => {
    const logs = await asys.private();
    const progress = await asys.private();
    const r = await run(
      node('console.log("one"); console.log("two"); console.error("three")', { logger: logs.address, outputUpdates: progress.address, logTag: 'demo' }),
    );
    expect(r.ok).toBe(true);
    const lines = (await drain(logs)).map((m) => (m as CommandLog).message);
    expect(lines[0]).toMatch(/^demo CMD: .* -e /);
    expect(lines).toEqual(expect.arrayContaining(['demo OUT: one', 'demo OUT: two', 'demo ERR: three']));
    expect(lines.at(-1)).toMatch(/^demo finished in \d+ ms$/);
    const chunks = await drain(progress);
    expect(chunks.filter((c) => c instanceof CommandOutput).map((c) => (c as CommandOutput).output).join('')).toBe('one\ntwo\n');
    expect(chunks.filter((c) => c instanceof CommandError).map((c) => (c as CommandError).errorOutput).join('')).toBe('three\n');
    await logs.close();
    await progress.close();
  });

  it('tells the requester when the command has started (reportOnStart)', async () => {
    await asys.tell(runner, node('console.log(1)', { reportOnStart: true }));
    const started = await asys.listen(20_000);
    expect(started).toBeInstanceOf(CommandStarted);
    expect((started as CommandStarted).pid).toBeGreaterThan(0);
    expect(await asys.listen(20_000)).toBeInstanceOf(CommandResult);
  });

  it('keeps the head and tail of output beyond maxBufSize', async () => {
    const r = await run(node('process.stdout.write("a".repeat(5000) + "END")', { maxBufSize: 1000 }));
    expect(r.stdout.startsWith('aaaa')).toBe(true);
    expect(r.stdout.endsWith('END')).toBe(true);
    expect(r.stdout).toMatch(/\[\.\.\. 4003 characters omitted \.\.\.\]/);
  });

  it('commands in separate RunCommand actors run at the same time, even on one thread', async () => {
    const runners = [runner, await asys.createActor(RunCommand), await asys.createActor(RunCommand)];
    const start = performance.now();
    for (const r of runners) await asys.tell(r, node('setTimeout(() => {}, 400)'));
    const results: CommandResult[] = [];
    for (let i = 0; i < runners.length; i++) results.push((await asys.listen(20_000)) as CommandResult);
    const wall = performance.now() - start;
    expect(results.every((r) => r instanceof CommandResult && r.ok)).toBe(true);
    const serial = results.reduce((sum, r) => sum + r.durationMs, 0);
    expect(wall).toBeLessThan(serial * 0.8); // one after another would take at least `serial`
  });

  it('8.5 an ActorExitRequest stops the running command (SIGTERM, then SIGKILL); its requester gets a failed CommandResult with the output so far', async () => {
    // Thespian's RunCommand exit handler terminates the subprocess, kills it if it lingers,
    // answers it with its output and the queued commands with exit code -3; here the queued
    // ones get exitCode null and an errorReason, as every command that did not run.
    const progress = await asys.private();
    await asys.tell(runner, node(LONG_RUNNER, { reportOnStart: true, outputUpdates: progress.address }));
    await asys.tell(runner, node('console.log("never")'));
    const started = (await asys.listen(20_000)) as CommandStarted;
    expect(started).toBeInstanceOf(CommandStarted);
    expect(await progress.listen(20_000)).toMatchObject({ output: 'so far\n' });
    const stopAt = performance.now();
    await asys.tell(runner, new ActorExitRequest());
    const results = [(await asys.listen(20_000)) as CommandResult, (await asys.listen(20_000)) as CommandResult];
    const [queued, stopped] = (results[0]?.stdout === '' ? results : [results[1], results[0]]) as [CommandResult, CommandResult];
    expect(stopped).toBeInstanceOf(CommandResult);
    expect(stopped.ok).toBe(false);
    expect(stopped.stdout).toBe('so far\n');
    expect(stopped.signal).toBe('SIGTERM');
    expect(stopped.errorReason).toMatch(/was stopped with SIGTERM before it finished: the RunCommand actor received ActorExitRequest/);
    expect(performance.now() - stopAt).toBeLessThan(10_000);
    expect(queued).toMatchObject({ exitCode: null, stdout: '' });
    expect(queued.errorReason).toMatch(/was not started: the RunCommand actor exited first/);
    expect(await eventually(() => running(started.pid), (alive) => !alive)).toBe(false);
    await progress.close();
  });

  it('8.5 a system shutdown stops the running command, and its requester gets a failed CommandResult with the output so far', async () => {
    const progress = await asys.private();
    await asys.tell(runner, node(LONG_RUNNER, { reportOnStart: true, outputUpdates: progress.address }));
    const started = (await asys.listen(20_000)) as CommandStarted;
    expect(await progress.listen(20_000)).toMatchObject({ output: 'so far\n' });
    await progress.close();
    // Listening from before the shutdown: a system that has shut down takes no more calls.
    const answer = asys.listen(20_000);
    const stopAt = performance.now();
    await asys.shutdown();
    expect(performance.now() - stopAt).toBeLessThan(10_000);
    expect(running(started.pid)).toBe(false);
    const r = (await answer) as CommandResult;
    expect(r).toBeInstanceOf(CommandResult);
    expect(r.ok).toBe(false);
    expect(r.stdout).toBe('so far\n');
  });
});
