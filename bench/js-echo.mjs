// A plain JavaScript actor, as an application compiled to JS (or written in JS) has them:
// its process never loads a TypeScript loader.
import { Actor, ActorBase } from 'thespian-ts';

export class JsEcho extends ActorBase {
  receiveMessage(message, sender) {
    this.send(sender, message);
  }
}
Actor()(JsEcho);

/** Thespian's `spawn` workload in JavaScript: creates N children that each answer, then reports the time. */
export class JsSpawnParent extends ActorBase {
  receiveMessage(message, sender) {
    if (typeof message === 'number') {
      this.asker = sender;
      this.waiting = message;
      this.started = performance.now();
      for (let i = 0; i < message; i++) this.send(this.createActor(JsEcho), 'here');
    } else if (--this.waiting === 0) this.send(this.asker, performance.now() - this.started);
  }
}
Actor()(JsSpawnParent);
