import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem } from 'thespian-ts';
import * as registry from '../generated/thespian-registry.js';
import { Dispatcher } from '../src/dispatcher.js';
import { Work } from '../src/messages.js';

describe.each(['simpleSystemBase', 'multiprocTCPBase'])('Dispatcher on %s', (base) => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('farms work out to its workers and answers each request', async () => {
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false, registry });
    const dispatcher = await asys.createActor(Dispatcher);
    // One ask at a time: like Thespian's, an ask returns the next message sent to the asker.
    const answers: unknown[] = [];
    for (const n of [2, 3, 4, 5]) answers.push(await asys.ask(dispatcher, new Work(n), 10_000));
    expect(answers).toEqual([4, 9, 16, 25]);
  });
});
