import { afterEach, expect, it } from 'vitest';
import { ActorSystem, typedAddress } from 'thespian-ts';
import * as registry from '../generated/thespian-registry.js';
import { Greeter } from '../src/greeter.js';
import { Hello } from '../src/messages.js';

let asys: ActorSystem | undefined;
afterEach(async () => {
  await asys?.shutdown();
  asys = undefined;
});

it('greets by class', async () => {
  asys = await ActorSystem.start({ transientUnique: true, logDefs: false, registry });
  const greeter = await asys.createActor(Greeter);
  expect(await asys.ask(greeter, new Hello('you'), 2000)).toBe('Hello, you!');
});

it('creates the actor by name through the generated registry, with a typed address', async () => {
  asys = await ActorSystem.start({ transientUnique: true, logDefs: false, registry });
  const greeter = typedAddress<Greeter>(asys, await asys.createActor('Greeter'));
  expect(await greeter.ask('hi', 2000)).toBe("Greeter got 'hi'");
  // greeter.ask(42) would not compile: Greeter handles only Hello and string.
});
