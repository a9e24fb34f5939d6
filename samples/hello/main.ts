import { ActorSystem } from 'thespian-ts';
import { Greeter, Hello } from './greeter.js';

/** Start a system, ask a greeter twice (by class and by module path), print, shut down. */
async function main(): Promise<void> {
  const base = process.argv[2] ?? 'simpleSystemBase';
  const asys = await ActorSystem.start({ base, logDefs: false, transientUnique: true });
  try {
    const greeter = await asys.createActor(Greeter);
    console.log(`${base}: created ${String(greeter)}`);
    console.log(`${base} answered: ${String(await asys.ask(greeter, new Hello('you'), 2000))}`);
    const byPath = await asys.createActor('samples/hello/greeter.ts:Greeter');
    console.log(`${base} answered: ${String(await asys.ask(byPath, 'by module path', 2000))}`);
    console.log(String(await asys.status()));
  } finally {
    await asys.shutdown();
  }
}

await main();
