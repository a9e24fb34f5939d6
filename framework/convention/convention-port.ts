import { ActorAddress } from '../actor/address.js';
import type { OutboundEnvelope, ReceivedEnvelope } from '../transport/envelope.js';
import type { Transport } from '../transport/transport.js';
import { isConventionMessage, type ConventionMessage } from './convention-messages.js';
import type { ConventionPort } from './leader-protocol.js';

/** The target key admin-to-admin convention frames carry (an admin's other traffic has its own). */
export const CONVENTION_TARGET_KEY = 'thespian.convention';

/** What the protocol is fed: LeaderProtocol, or any provider that speaks these messages. */
export interface ConventionReceiver {
  receive(fromAdmin: string, message: ConventionMessage): void;
  transmitFailed(toAdmin: string, message: ConventionMessage): void;
}

/**
 * The glue between convention messages and transports, so an admin wires a protocol to its
 * links in three calls: `port` for the protocol's sends, `onEnvelope` and `onUndeliverable`
 * from its transports' handlers. Sends pick a transport by the target's form: a ws:// or
 * wss:// URL goes over WebSocket, 'host:port' over TCP.
 */
export class ConventionLinks {
  receiver: ConventionReceiver | undefined;

  constructor(
    /** This admin's address as the others know it (the sender every frame carries). */
    private readonly self: string,
    private readonly tcp: Pick<Transport, 'send'> | undefined,
    private readonly ws?: Pick<Transport, 'send'>,
    private readonly log: (text: string) => void = () => {},
  ) {}

  readonly port: ConventionPort = {
    send: (to, message) => {
      const transport = /^wss?:\/\//i.test(to) ? this.ws : this.tcp;
      if (!transport) throw new Error(`no ${/^wss?:/i.test(to) ? 'WebSocket' : 'TCP'} transport to reach ${to}: configure one, or name the leader the other way`);
      transport.send(to, { targetKey: CONVENTION_TARGET_KEY, sender: new ActorAddress(this.self, 'Admin'), message, system: true });
    },
  };

  /** True when the envelope was a convention frame (taken); false: the admin's own traffic. */
  onEnvelope(env: ReceivedEnvelope): boolean {
    if (env.targetKey !== CONVENTION_TARGET_KEY) return false;
    if (env.sender && isConventionMessage(env.message)) this.receiver?.receive(env.sender.key, env.message);
    // Anything else at this key is not ours to act on: said, and dropped.
    else this.log(`dropped a ${(env.message as object | null)?.constructor?.name ?? typeof env.message} sent to the convention by ${String(env.sender)}: not a convention message`);
    return true;
  }

  onUndeliverable(env: OutboundEnvelope, target: string): boolean {
    if (env.targetKey !== CONVENTION_TARGET_KEY) return false;
    if (isConventionMessage(env.message)) this.receiver?.transmitFailed(target, env.message);
    return true;
  }
}
