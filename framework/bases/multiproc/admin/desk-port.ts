import type { MembershipProvider } from '../../../convention/membership.js';
import type { RemoteRequest } from '../protocol.js';

/** What placement and source transfer use of the convention desk (convention-desk.ts implements it). */
export interface DeskPort {
  /** This admin's address in the convention. */
  readonly self: string;
  readonly active: boolean;
  /** This system's actor processes take links from other systems' actors (spec 9.4 direct routing). */
  readonly direct: boolean;
  readonly membership: Pick<MembershipProvider, 'place' | 'leader'>;
  send(to: string, req: RemoteRequest): void;
  readonly sources: { ensure(hash: string, from: string, done: (ok: boolean, why?: string) => void): void };
}
