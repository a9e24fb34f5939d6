import { ActorSystem, ActorStatus, StatusRequest } from 'thespian-ts';
import { Greeter, Hello } from './greeter.js';

/**
 * Start a system, ask a greeter twice (created by class and by module path), print the
 * replies and the system's status, shut down. Runs on each base named on the command
 * line; by default the in-process simpleSystemBase and the multi-process multiprocTCPBase.
 */
async function run(base: string): Promise<void> {
  const asys = await ActorSystem.start({ base, logDefs: false, transientUnique: true });
  try {
    const greeter = await asys.createActor(Greeter);
    const status = (await asys.ask(greeter, new StatusRequest(), 5000)) as ActorStatus;
    const where = status.pid !== undefined && status.pid !== process.pid ? `its own process, pid ${status.pid}` : 'this process';
    console.log(`${base}: created ${String(greeter)} in ${where}`);
    console.log(`${base} answered: ${String(await asys.ask(greeter, new Hello('you'), 5000))}`);
    const byPath = await asys.createActor('samples/hello/greeter.ts:Greeter');
    console.log(`${base} answered: ${String(await asys.ask(byPath, 'by module path', 5000))}`);
    console.log(String(await asys.status()));
  } finally {
    await asys.shutdown();
  }
}

const bases = process.argv.slice(2);
for (const base of bases.length ? bases : ['simpleSystemBase', 'multiprocTCPBase']) {
  await run(base);
  console.log();
}
