import type { ActorAddress } from '../actor/address.js';
import { ActorSystemMessage, PoisonMessage } from '../actor/messages.js';
import { ActorStatus, SystemStatus } from '../actor/status-messages.js';

/** Spec 7: of the system's own messages only these reach ask/listen callers. */
export function reachesExternalCaller(message: unknown): boolean {
  return (
    !(message instanceof ActorSystemMessage) ||
    message instanceof PoisonMessage ||
    message instanceof SystemStatus ||
    message instanceof ActorStatus
  );
}

interface Queued {
  readonly seq: number;
  readonly message: unknown;
  readonly senderKey: string | undefined;
}

/** One pending ask (it names the actor it asked) or listen (it names nobody). */
export class EndpointWaiter {
  settled = false;
  value: unknown = undefined;
  /** Another waiter shared the endpoint with this one at some moment of its wait. */
  shared = false;
  taken: Queued | undefined;
  readonly done: Promise<unknown>;
  private resolveDone!: (value: unknown) => void;

  constructor(readonly targetKey: string | undefined) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  settle(entry: Queued | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.taken = entry;
    this.value = entry?.message;
    this.resolveDone(this.value);
  }
}

/** A listen, or an ask that has waited alone so far. */
function takesAnything(w: EndpointWaiter): boolean {
  return w.targetKey === undefined || !w.shared;
}

/** How many asked actors an endpoint remembers (oldest forgotten first): a bound, not a feature. */
const ASKED_MEMORY = 1024;

/**
 * An external endpoint (the system's own, or one per `private()`): an address with an
 * inbox that knows who sent each message, and the asks and listens waiting on it.
 *
 * Who gets a message from S (DESIGN.md "Trust and delivery"):
 *  1. the oldest ask that asked S: a reply goes to an ask that asked its sender, oldest first;
 *  2. otherwise the oldest listen or lone ask (one that has not shared the endpoint with
 *     another waiter): Thespian's "first message from anyone" (spec 6.6, 6.7);
 *  3. otherwise it is queued, and an ask that shares the endpoint with others gets it only
 *     when S is an actor this endpoint never asked (a troupe worker, a forwarder answering
 *     for the asked actor) and there are at least as many such messages queued as shared
 *     asks waiting: then the oldest goes to the oldest ask. Until then the waiting asks
 *     still expect their own targets' replies, and handing it out would rob one of them.
 * So a reply from an actor this endpoint asked, arriving while several asks wait and none
 * of them asked it (a surplus or late reply), is never handed to an ask waiting for
 * someone else: it waits for the next listen or the next ask that starts alone, which
 * takes the oldest queued message as in Thespian (spec 6.6.1: "the response may come from
 * a previous tell()"). Each message goes to one waiter or stays queued: never two, never none.
 */
export class ExternalEndpoint {
  private readonly inbox: Queued[] = [];
  private readonly waiters: EndpointWaiter[] = [];
  private readonly asked = new Set<string>();
  private seq = 0;

  constructor(readonly address: ActorAddress) {}

  /** Messages queued for the next listen or ask. */
  get queued(): number {
    return this.inbox.length;
  }

  accept(message: unknown, sender?: ActorAddress | null): void {
    if (!reachesExternalCaller(message)) return;
    this.route({ seq: ++this.seq, message, senderKey: sender?.key });
  }

  /**
   * Registers an ask of `target` (call it before the ask's message leaves, so its reply
   * cannot arrive first) or, with no target, a listen. It may be settled at once from the inbox.
   */
  wait(target?: ActorAddress): EndpointWaiter {
    const w = new EndpointWaiter(target?.key);
    if (target) this.rememberAsked(target.key);
    if (this.waiters.length !== 0) {
      w.shared = true;
      for (const other of this.waiters) other.shared = true;
    }
    const i = this.inbox.findIndex((e) => takesAnything(w) || e.senderKey === w.targetKey);
    if (i >= 0) w.settle(this.inbox.splice(i, 1)[0]);
    else {
      this.waiters.push(w);
      this.handUnasked();
    }
    return w;
  }

  /** The waiter gives up (timeout, a failed send): what it took goes back to its place in the queue. */
  withdraw(w: EndpointWaiter): void {
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
    w.settle(undefined);
    const back = w.taken;
    w.taken = undefined;
    if (back) this.route(back);
    else this.handUnasked();
  }

  /** `wait()` with a deadline: the message, or undefined after `timeoutMs` (none: wait for ever). */
  async next(target: ActorAddress | undefined, timeoutMs: number | undefined): Promise<unknown> {
    return this.result(this.wait(target), timeoutMs);
  }

  /** Resolves with what `w` receives, or undefined after `timeoutMs` (then `w` is withdrawn). */
  result(w: EndpointWaiter, timeoutMs: number | undefined): Promise<unknown> {
    if (w.settled || timeoutMs === undefined) return w.done;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!w.settled) this.withdraw(w);
      }, timeoutMs);
      void w.done.then((v) => {
        clearTimeout(timer);
        resolve(v);
      });
    });
  }

  /** The endpoint closes or the system stops: every waiter resolves undefined; the queue stays. */
  releaseAll(): void {
    for (const w of this.waiters.splice(0)) w.settle(undefined);
  }

  /** Rules 1-3 for one message (a new one, or one a withdrawn waiter gives back). */
  private route(entry: Queued): void {
    const w = this.waiters.find((x) => x.targetKey !== undefined && x.targetKey === entry.senderKey) ?? this.waiters.find(takesAnything);
    if (w) {
      this.hand(w, entry);
      return;
    }
    // In arrival order, so a message given back takes its old place.
    let at = this.inbox.length;
    while (at > 0 && this.inbox[at - 1]!.seq > entry.seq) at--;
    this.inbox.splice(at, 0, entry);
    this.handUnasked();
  }

  private hand(w: EndpointWaiter, entry: Queued): void {
    this.waiters.splice(this.waiters.indexOf(w), 1);
    w.settle(entry);
    this.handUnasked();
  }

  /** Rule 3: queued messages from senders nobody asked, oldest first to the oldest shared asks. */
  private handUnasked(): void {
    for (;;) {
      const asks = this.waiters.filter((x) => !takesAnything(x));
      if (asks.length === 0) return;
      const free: Queued[] = [];
      for (const e of this.inbox) {
        if (e.senderKey === undefined || !this.asked.has(e.senderKey)) free.push(e);
        if (free.length === asks.length) break;
      }
      if (free.length < asks.length) return;
      const entry = free[0]!;
      this.inbox.splice(this.inbox.indexOf(entry), 1);
      this.waiters.splice(this.waiters.indexOf(asks[0]!), 1);
      asks[0]!.settle(entry);
    }
  }

  private rememberAsked(key: string): void {
    this.asked.delete(key);
    this.asked.add(key);
    if (this.asked.size > ASKED_MEMORY) this.asked.delete(this.asked.values().next().value as string);
  }
}
