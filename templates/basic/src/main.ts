import { ActorSystem } from 'thespian-ts';
import * as registry from '../generated/thespian-registry.js';
import { Greeter } from './greeter.js';
import { Hello } from './messages.js';

/** `npm start` (simpleSystemBase) or `npm start -- multiprocTCPBase`: one actor, one question. */
const base = process.argv[2] ?? 'simpleSystemBase';
const asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false, registry });
try {
  const greeter = await asys.createActor(Greeter);
  console.log(await asys.ask(greeter, new Hello('world'), 10_000));
} finally {
  await asys.shutdown();
}
