import { ActorStatus } from '../../actor/status-messages.js';

/** How long status waits for each actor's own answer (in parallel) before listing it as unresponsive. */
export const STATUS_ANSWER_MS = 500;

/**
 * The admin's open StatusRequests to its actors, by actor key. Asked only when someone wants
 * status, rather than every actor reporting all the time; one question answers every caller
 * waiting on that actor, and a caller gives up after STATUS_ANSWER_MS.
 */
export class StatusQuestions {
  private readonly waiters = new Map<string, ((s: ActorStatus) => void)[]>();

  /** The actor's answer, or undefined when none came in time. `ask` sends the question (only for the first caller). */
  wait(key: string, ask: () => void): Promise<ActorStatus | undefined> {
    return new Promise((resolve) => {
      const answer = (s: ActorStatus): void => {
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

  answered(s: ActorStatus): void {
    const key = s.actorAddress?.key;
    if (!key) return;
    const list = this.waiters.get(key);
    this.waiters.delete(key);
    for (const w of list ?? []) w(s);
  }
}
