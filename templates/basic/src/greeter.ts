import { Actor, ActorBase, Receive, type ActorAddress } from 'thespian-ts';
import { Hello } from './messages.js';

/** Answers a Hello with a greeting; `thespian generate` records which messages it handles. */
@Actor()
export class Greeter extends ActorBase {
  @Receive(Hello)
  hello(message: Hello, sender: ActorAddress): void {
    this.send(sender, `Hello, ${message.name}!`);
  }

  @Receive(String)
  text(message: string, sender: ActorAddress): void {
    this.send(sender, `Greeter got '${message}'`);
  }
}
