// A plain JavaScript actor, as an application compiled to JS (or written in JS) has them:
// its process never loads a TypeScript loader. JSDoc types let `npm run typecheck` check it.
import { Actor, ActorBase } from 'thespian-ts';

/** @typedef {import('thespian-ts').ActorAddress} ActorAddress */

export class JsEcho extends ActorBase {
  /** @override @param {unknown} message @param {ActorAddress} sender */
  receiveMessage(message, sender) {
    this.send(sender, message);
  }
}
Actor()(JsEcho);

/** Thespian's `spawn` workload in JavaScript: creates N children that each answer, then reports the time. */
export class JsSpawnParent extends ActorBase {
  /** @type {ActorAddress | undefined} */ asker = undefined;
  waiting = 0;
  started = 0;

  /** @override @param {unknown} message @param {ActorAddress} sender */
  receiveMessage(message, sender) {
    if (typeof message === 'number') {
      this.asker = sender;
      this.waiting = message;
      this.started = performance.now();
      for (let i = 0; i < message; i++) this.send(this.createActor(JsEcho), 'here');
    } else if (--this.waiting === 0 && this.asker) this.send(this.asker, performance.now() - this.started);
  }
}
Actor()(JsSpawnParent);
