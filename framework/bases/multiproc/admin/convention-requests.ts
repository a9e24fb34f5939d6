import { ActorAddress } from '../../../actor/address.js';
import { parseHostPort } from '../../../transport/inbound.js';
import type { AdminRequest } from '../protocol.js';
import type { AdminPort } from './admin-port.js';
import { canonicalAdmin } from './convention-self.js';

type ConventionRequest = Extract<AdminRequest, { op: 'convention-notify' | 'convention-preregister' | 'convention-deregister' }>;

/** Spec 5.7, 5.14, 5.15 from an actor of this system. */
export function conventionRequest(admin: AdminPort, req: ConventionRequest): void {
  const desk = admin.convention;
  if (req.op === 'convention-notify') {
    // On a base without conventions there is never any news: registering is harmless.
    if (!desk) return;
    const who = new ActorAddress(req.key, req.label);
    if (req.on) desk.notices.add(who);
    else desk.notices.remove(who);
    return;
  }
  const call = req.op === 'convention-preregister' ? 'preRegisterRemoteSystem' : 'deRegisterRemoteSystem';
  if (!desk) return void admin.options.log('warning', `${call}(${req.address}) ignored: the ${admin.options.baseName} cannot join conventions (spec 9.2)`);
  let address: string;
  try {
    parseHostPort(req.address);
    address = canonicalAdmin(req.address);
  } catch {
    // Spec 5.14: an address it cannot read is ignored (Thespian logs it too).
    return void admin.options.log('warning', `${call}(${JSON.stringify(req.address)}) ignored: not a 'host:port' admin address`);
  }
  if (req.op === 'convention-preregister') desk.membership.preRegister(address, req.capabilities);
  else desk.membership.deRegister(address);
}
