import { expect, it } from 'vitest';
import { ActorAddress, ActorExitRequest } from 'thespian-ts';
import { handlersFor } from '../../framework/internal.js';
import { Greeter, LoudGreeter } from './fixtures/inheritance/src/greeter.js';
import { Greeting, LoudGreeting, Point, Rich } from './fixtures/inheritance/src/messages.js';
import Pinger from './fixtures/aliases/src/pinger.js';
import { Ping } from './fixtures/aliases/src/ping-a.js';
import { Ping as OtherPing } from './fixtures/aliases/src/ping-b.js';

/** A subclass no table names: the search must walk its chain to LoudGreeting and Greeting. */
class LouderGreeting extends LoudGreeting {}

const probes: unknown[] = [
  new Greeting('g'), new LoudGreeting('l'), new LouderGreeting('x'), new Rich(), new Point(),
  'text', 7, true, 10n, [1, 2], { plain: 1 }, new ActorAddress('k'), new ActorExitRequest(), null, undefined,
  new Ping(), new OtherPing(),
];
const actors = [Greeter, LoudGreeter, Pinger];

function resolveAll(): ReturnType<typeof handlersFor>[][] {
  return actors.map((a) => probes.map((m) => handlersFor(a, m)));
}

it('the generated dispatch tables give exactly the reflection order, for every probe message', async () => {
  const byReflection = resolveAll();
  // Sanity: the probes exercise inheritance on both sides (several handlers, in order).
  expect(handlersFor(LoudGreeter, new LouderGreeting()).map((f) => f.name)).toEqual(['loud', 'greetLoudly', 'greet', 'anything']);
  await import('./fixtures/inheritance/generated/thespian-registry.js');
  await import('./fixtures/aliases/generated/thespian-registry.js');
  expect(resolveAll()).toEqual(byReflection);
});
