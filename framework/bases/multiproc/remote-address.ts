import { ActorAddress } from '../../actor/address.js';
import { fixedRoute } from './protocol.js';

/**
 * Spec 5.14: a remote system named as 'host:port', [host, port], or its admin's address (the
 * key names its route); anything else as text, for the admin to refuse with a log line.
 */
export function remoteAddressText(remote: unknown): string {
  if (remote instanceof ActorAddress) return fixedRoute(remote.key) ?? remote.key;
  if (Array.isArray(remote) && remote.length === 2) return `${String(remote[0])}:${String(remote[1])}`;
  return typeof remote === 'string' ? remote : String(remote);
}
