import { Message } from 'thespian-ts';

/** A message is a class: its id (the class name here) is its stable wire name. */
@Message()
export class Hello {
  constructor(public name = '') {}
}
