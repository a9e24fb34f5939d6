import { ActorStatus } from '../../../actor/status-messages.js';

/** How long status waits for each actor's own answer (in parallel) before listing it as unresponsive. */
export const STATUS_ANSWER_MS = 500;

/**
 * The admin's open StatusRequests to its actors, by actor key. Asked only when someone wants
 * status, rather than every actor reporting all the time; one question answers every caller
 * waiting on that actor, and a caller gives up after STATUS_ANSWER_MS.
 */
export class StatusQuestions {
  private readonly waiters = new Map<string, ((s: ActorStatus | undefined) => void)[]>();

  /** The actor's answer, or undefined when none came in time. `ask` sends the question (only for the first caller). */
  wait(key: string, ask: () => void): Promise<ActorStatus | undefined> {
    return new Promise((resolve) => {
      const answer = (s: ActorStatus | undefined): void => {
        clearTimeout(timer);
        resolve(s);
      };
      const timer = setTimeout(() => {
        const rest = this.waiters.get(key)?.filter((w) => w !== answer) ?? [];
        if (rest.length) this.waiters.set(key, rest);
        else this.waiters.delete(key);
        resolve(undefined);
      }, STATUS_ANSWER_MS);
      const list = this.waiters.get(key);
      if (list) list.push(answer);
      else {
        this.waiters.set(key, [answer]);
        ask();
      }
    });
  }

  /**
   * The question came back as a dead letter (the actor exited before the admin knew): true if
   * it was ours, so it is not counted as the user's dead letter; the callers stop waiting.
   */
  undeliverable(key: string): boolean {
    const list = this.waiters.get(key);
    if (!list) return false;
    this.waiters.delete(key);
    for (const w of list) w(undefined);
    return true;
  }

  answered(s: ActorStatus): void {
    const key = s.actorAddress?.key;
    if (!key) return;
    const list = this.waiters.get(key);
    this.waiters.delete(key);
    for (const w of list ?? []) w(s);
  }
}
