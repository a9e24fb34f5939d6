import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem, typedAddress } from 'thespian-ts';
import * as registry from '../generated/thespian-registry.js';
import { Greeter } from '../src/greeter.js';
import { Hello } from '../src/messages.js';

// The same tests in one process and with each actor in its own process (a free port each run).
describe.each(['simpleSystemBase', 'multiprocTCPBase'])('Greeter on %s', (base) => {
  let asys: ActorSystem | undefined;
  afterEach(async () => {
    await asys?.shutdown();
    asys = undefined;
  });

  it('greets by class', async () => {
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false, registry });
    const greeter = await asys.createActor(Greeter);
    expect(await asys.ask(greeter, new Hello('you'), 10_000)).toBe('Hello, you!');
  });

  it('creates the actor by name through the generated registry, with a typed address', async () => {
    asys = await ActorSystem.start({ base, transientUnique: true, logDefs: false, registry });
    const greeter = typedAddress<Greeter>(asys, await asys.createActor('Greeter'));
    expect(await greeter.ask('hi', 10_000)).toBe("Greeter got 'hi'");
    // greeter.ask(42) would not compile: Greeter handles only Hello and string.
  });
});
