import { Actor, ActorBase, Receive, type ActorAddress } from 'thespian-ts';
import { Done, Job } from './messages.js';

@Actor()
export class Worker extends ActorBase {
  @Receive(Job)
  job(job: Job, dispatcher: ActorAddress): void {
    this.send(dispatcher, new Done(job.work.n, job.work.n * job.work.n, job.requester));
  }
}
