import { expect, it } from 'vitest';
import { loadRegistry } from 'thespian-ts';
import { actorClassByName, handlersFor, loadActorClassByName, messageClassById } from '../../framework/internal.js';
import { Ordered } from './fixtures/runtime/src/ordered.js';

class Note {
  text = '';
}

it('binds a loaded dispatch table: the runtime then follows the table, not reflection', () => {
  expect(handlersFor(Ordered, 'x').map((f) => f.name)).toEqual(['high', 'low']);
  loadRegistry({
    version: 1,
    messages: [{ id: 'runtime.Note', type: Note, fields: { text: { kind: 'plain' } } }],
    actors: [{ name: 'runtime-ordered', load: async () => Ordered, dispatch: [[String, ['low', 'high']]] }],
  });
  expect(handlersFor(Ordered, 'x').map((f) => f.name)).toEqual(['low', 'high']);
  expect(messageClassById('runtime.Note')).toBe(Note);
});

it('registers actors as lazy imports: creation by name loads the module on demand', async () => {
  expect(actorClassByName('runtime-lazy')).toBeUndefined();
  loadRegistry({
    version: 1,
    messages: [],
    actors: [{ name: 'runtime-lazy', load: () => import('./fixtures/runtime/src/lazy.js').then((m) => m.Lazy), dispatch: [] }],
  });
  const cls = await loadActorClassByName('runtime-lazy');
  expect(cls?.name).toBe('Lazy');
  expect(actorClassByName('runtime-lazy')).toBe(cls);
});
