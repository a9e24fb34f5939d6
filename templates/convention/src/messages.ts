import { Message } from 'thespian-ts';

@Message()
export class Lookup {
  constructor(public key = '') {}
}
