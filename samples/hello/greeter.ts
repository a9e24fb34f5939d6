import { Actor, ActorBase, Message, Receive, type ActorAddress } from 'thespian-ts';

@Message()
export class Hello {
  constructor(public name = '') {}
}

/** Answers a Hello with a greeting, and counts how many it has given. */
@Actor()
export class Greeter extends ActorBase {
  private greeted = 0;

  @Receive(Hello)
  hello(message: Hello, sender: ActorAddress): void {
    this.greeted++;
    this.send(sender, `Hello, ${message.name}! (greeting #${this.greeted} from ${String(this.myAddress)})`);
  }

  @Receive(String)
  text(message: string, sender: ActorAddress): void {
    this.send(sender, `Greeter got the text '${message}'`);
  }
}
