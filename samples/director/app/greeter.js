// A package module: plain JavaScript importing 'thespian-ts', decorators applied by call.
import { Actor, ActorBase } from 'thespian-ts';
import { VERSION } from './version.js';

export class Greeter extends ActorBase {
  state = 'new';

  /**
   * @override
   * @param {unknown} message
   * @param {import('thespian-ts').ActorAddress} sender
   */
  receiveMessage(message, sender) {
    // The TLI file sends these three: OnLoad, OnDeactivate, OnReactivate.
    if (message === 'start' || message === 'pause' || message === 'resume') this.state = message;
    else if (typeof message === 'string') this.send(sender, `Hello, ${message}, from greeter ${VERSION} (${this.state})`);
  }
}
Actor()(Greeter);
