import { ActorSystem } from 'thespian-ts';
import * as registry from '../generated/thespian-registry.js';
import { Dispatcher } from './dispatcher.js';
import { Work } from './messages.js';

/** `npm start` (simpleSystemBase) or `npm start -- multiprocTCPBase`: squares handed to a pool of workers. */
const base = process.argv[2] ?? 'simpleSystemBase';
const asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false, registry });
try {
  const dispatcher = await asys.createActor(Dispatcher);
  for (const n of [2, 3, 4]) console.log(`${n}² = ${String(await asys.ask(dispatcher, new Work(n), 10_000))}`);
} finally {
  await asys.shutdown();
}
