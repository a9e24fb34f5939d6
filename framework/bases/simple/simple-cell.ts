import type { ActorAddress } from '../../actor/address.js';
import { ActorCell } from '../../system/actor-cell.js';

/** A cell plus the family and naming facts the simple base keeps for it. */
export class SimpleCell extends ActorCell {
  parent: SimpleCell | null = null;
  readonly children = new Set<SimpleCell>();
  globalName = '';
  requirements: unknown = undefined;
  startError: unknown = undefined;
  /** The loaded source this actor's class came from (spec 6.10), inherited by children named by path. */
  sourceHash: string | undefined = undefined;
  declare readonly address: ActorAddress;
}
