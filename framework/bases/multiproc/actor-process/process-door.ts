import { ActorAddress } from '../../../actor/address.js';
import { prepareEnvelope, type ReceivedEnvelope, type Transport } from '../../../transport/index.js';
import { KIND_ADMIN, KIND_USER } from '../protocol.js';

/** The first words of an actor process (or pooled host) with its admin: a warm spare, ready for an order. */
export function announceSpare(transport: Transport, adminRoute: string, adminKey: string): void {
  transport.send(adminRoute, prepareEnvelope({ targetKey: adminKey, sender: new ActorAddress(`${transport.address}#proc`), message: { op: 'spare', pid: process.pid }, kind: KIND_ADMIN, system: true }));
}

/**
 * Another system's actor may send user messages to this process; a start order or any other
 * control request must come from this system (its link proved our secret). True when `env`
 * was refused (settled and logged).
 */
export function refusedFromOtherSystem(env: ReceivedEnvelope, log: (level: string, message: string) => void): boolean {
  if (!env.foreign || env.kind === KIND_USER) return false;
  env.settle?.();
  log('warning', `refused a control frame from another system (${env.sender?.key ?? 'an unnamed sender'}): links between systems carry only user messages`);
  return true;
}
