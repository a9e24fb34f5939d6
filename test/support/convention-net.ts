import type { Capabilities } from '../../framework/actor/context.js';
import type { ConventionMessage } from '../../framework/convention/convention-messages.js';
import { LeaderProtocol, type LeaderProtocolOptions } from '../../framework/convention/leader-protocol.js';
import type { MembershipEvent } from '../../framework/convention/membership.js';
import { ManualClock } from './manual-clock.js';

/**
 * Several LeaderProtocol instances wired together in memory on one ManualClock: each message
 * takes 1 ms; a send to a stopped or cut-off system is reported back as a failed transmit, as
 * a transport reports an undeliverable envelope. Tests read every message and every event.
 */
export class ConventionNet {
  readonly clock = new ManualClock();
  readonly systems = new Map<string, LeaderProtocol>();
  readonly wire: { at: number; from: string; to: string; message: ConventionMessage }[] = [];
  readonly events = new Map<string, MembershipEvent[]>();
  readonly logs: string[] = [];
  private readonly cut = new Set<string>();
  private readonly down = new Set<LeaderProtocol>();

  add(self: string, capabilities: Capabilities, leaders: string[], options: Partial<LeaderProtocolOptions> = {}): LeaderProtocol {
    const p: LeaderProtocol = new LeaderProtocol({
      self,
      capabilities,
      leaders,
      reregistrationMs: 1000,
      missMax: 3,
      restartMs: 500,
      scheduler: this.clock,
      log: (level, text) => void this.logs.push(`${self} ${level}: ${text}`),
      port: { send: (to, message) => this.send(p, self, to, message) },
      ...options,
    });
    this.systems.set(self, p);
    const seen: MembershipEvent[] = [];
    this.events.set(self, seen);
    p.subscribe((e) => void seen.push(e));
    return p;
  }

  /** `a` can no longer reach `b` nor `b` reach `a` (like a cut link). */
  sever(a: string, b: string): void {
    this.cut.add(`${a}>${b}`).add(`${b}>${a}`);
  }

  heal(a: string, b: string): void {
    this.cut.delete(`${a}>${b}`);
    this.cut.delete(`${b}>${a}`);
  }

  /** Stops the system abruptly (kill -9): nothing more goes in or out. */
  crash(self: string): void {
    const p = this.systems.get(self);
    if (p) this.down.add(p);
  }

  /** Crashes `self` and starts a new run of it on the same address (a new incarnation). */
  restart(self: string, capabilities: Capabilities, leaders: string[]): LeaderProtocol {
    this.crash(self);
    const p = this.add(self, capabilities, leaders);
    p.start();
    return p;
  }

  run(ms: number): void {
    this.clock.advance(ms);
  }

  /** Event summaries seen at `self`: 'joined b', 'left b (missed)'... */
  seen(self: string): string[] {
    return (this.events.get(self) ?? []).map((e) => `${e.type} ${e.member.address}${e.why ? ` (${e.why})` : ''}`);
  }

  sent(from: string, to: string, kind: string): number {
    return this.wire.filter((w) => w.from === from && w.to === to && w.message.constructor.name === kind).length;
  }

  private send(sender: LeaderProtocol, from: string, to: string, message: ConventionMessage): void {
    if (this.down.has(sender)) return; // a crashed process's timers send nothing
    this.wire.push({ at: this.clock.now(), from, to, message });
    this.clock.after(1, () => {
      const target = this.systems.get(to);
      if (!target || this.down.has(target) || this.cut.has(`${from}>${to}`)) return sender.transmitFailed(to, message);
      target.receive(from, message);
    });
  }
}
