import { describe, expect, it } from 'vitest';
import {
  ActorSystemException,
  ActorSystemFailure,
  ActorSystemRequestTimeout,
  ActorSystemStartupFailure,
  InvalidActorAddress,
  InvalidActorSourceHash,
  InvalidActorSpecification,
  NoCompatibleSystemForActor,
} from 'thespian-ts';

describe('6.1 Exceptions', () => {
  it('6.1 the hierarchy matches the spec and every error has a code', () => {
    const cases: [Error, (typeof ActorSystemException)[]][] = [
      [new InvalidActorAddress('x'), [ActorSystemException]],
      [new NoCompatibleSystemForActor('x'), [ActorSystemException]],
      [new ActorSystemFailure('x'), [ActorSystemException]],
      [new ActorSystemStartupFailure('x'), [ActorSystemFailure, ActorSystemException]],
      [new ActorSystemRequestTimeout('x'), [ActorSystemFailure, ActorSystemException]],
      [new InvalidActorSourceHash('x'), [ActorSystemException]],
      [new InvalidActorSpecification('x'), [ActorSystemException]],
    ];
    for (const [err, parents] of cases) {
      for (const p of parents) expect(err).toBeInstanceOf(p);
      expect(err).toBeInstanceOf(Error);
      expect((err as ActorSystemException).code).toMatch(/^[A-Z_]+$/);
      expect(err.name).toBe(err.constructor.name);
    }
    expect(new InvalidActorSpecification('x')).not.toBeInstanceOf(ActorSystemFailure);
  });
});
