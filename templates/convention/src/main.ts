import { ActorSystem } from 'thespian-ts';
import * as registry from '../generated/thespian-registry.js';
import { Lookup } from './messages.js';

/** `npm start` (simpleSystemBase) or `npm start -- multiprocTCPBase`: a system offering 'Directory Service'. */
const base = process.argv[2] ?? 'simpleSystemBase';
const asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false, registry, capabilities: { 'Directory Service': true } });
try {
  const directory = await asys.createActor('Directory', { globalName: 'directory' });
  console.log(`thespian is ${String(await asys.ask(directory, new Lookup('thespian'), 10_000))}`);
} finally {
  await asys.shutdown();
}
