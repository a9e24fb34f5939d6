// A plain JavaScript actor, as an application compiled to JS (or written in JS) has them:
// its process never loads a TypeScript loader.
import { Actor, ActorBase } from 'thespian-ts';

export class JsEcho extends ActorBase {
  receiveMessage(message, sender) {
    this.send(sender, message);
  }
}
Actor()(JsEcho);
