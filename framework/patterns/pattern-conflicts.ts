import { ActorSystemException } from '../actor/index.js';

/** Spec 8.3: "This decorator is incompatible with the @troupe decorator." */
export function troupeWithInitializingMessages(name: string): ActorSystemException {
  return new ActorSystemException(
    `${name}: @InitializingMessages cannot be combined with @Troupe (spec 8.3): each troupe worker is a separate ` +
      'instance and would need its own initialization. Initialize a plain actor and let it forward work to a troupe, or ' +
      'put the initialization data in each work message',
    'PATTERN_CONFLICT',
  );
}
