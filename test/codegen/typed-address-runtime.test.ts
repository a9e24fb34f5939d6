import { afterEach, expect, it } from 'vitest';
import { ActorSystem, typedAddress } from 'thespian-ts';
import './fixtures/inheritance/generated/thespian-registry.js';
import { Greeter } from './fixtures/inheritance/src/greeter.js';
import { Greeting } from './fixtures/inheritance/src/messages.js';

let asys: ActorSystem | undefined;
afterEach(async () => {
  await asys?.shutdown();
  asys = undefined;
});

it('a TypedAddress delivers through the system (the generated table dispatches)', async () => {
  asys = await ActorSystem.start({ transientUnique: true, logDefs: false });
  const greeter = typedAddress<Greeter>(asys, await asys.createActor('Greeter'));
  expect(await greeter.ask(new Greeting('you'), 2000)).toBe('greeter:you');
  await greeter.tell(new Greeting('again'));
  expect(await asys.listen(2000)).toBe('greeter:again');
});
