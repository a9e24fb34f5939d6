import type { ActorAddress } from '../../actor/address.js';

/**
 * The Director actor's message protocol (director.md 2.8). Messages are plain objects, never
 * classes, so a caller in any loaded source (or none) can send and read them (spec 3.3).
 * The Director runs under globalName 'Director'; each request is answered to its sender.
 *
 *   { DirectorOp: 'Initialize', DirectorDir }            -> { DirectorResponse: 'Initialized', Success }
 *       starts the Director's Source Authority, which verifies every load against the
 *       `*_tls.key` files in DirectorDir (read afresh at each load).
 *   { DirectorOp: 'Load', SourceBytes, File? }           -> { DirectorResponse: 'Loaded', Success, SourceHash,
 *                                                            Group, Version, AlreadyLoaded?, Error? }
 *       loads a .tls; answered once validated and its TLI OnLoad actors are created, or rejected
 *       (Error names the reason). The previous active source of the group gets OnDeactivate.
 *   { DirectorOp: 'Unload', SourceHash }                 -> { DirectorResponse: 'Unloaded', Success, SourceHash, Error? }
 *       OnDeactivate (if active), ActorExitRequest to its actors, unloadActorSource; the newest
 *       remaining version of the group is reactivated (OnReactivate).
 *   { DirectorOp: 'RetrieveAll' }                        -> { DirectorResponse: 'AllSources', Sources: SourceEntry[] }
 *   { DirectorOp: 'RoleAddress', Role, Group? }          -> RoleAddressResponse (Success false: no such role)
 *
 * Anything else is answered { DirectorResponse: 'Error', Success: false, Error }.
 */
export const DIRECTOR_GLOBAL_NAME = 'Director';

export interface SourceEntry {
  SourceHash: string;
  Group: string;
  Version: string;
  File: string;
  /** The newest loaded version of its group gets the roles' traffic. */
  Active: boolean;
  /** 'Loading' until the Source Authority validated it. */
  State: 'Loading' | 'Loaded';
  Roles: Record<string, ActorAddress>;
}

export interface RoleAddressResponse {
  DirectorResponse: 'RoleAddress';
  ActorAddress: ActorAddress | null;
  Role: string;
  Group: string | null;
  ActorClass: string | null;
  SourceHash: string | null;
  Success: boolean;
}

/** The Source Authority tells the Director why a load failed, so `load` can say it. */
export interface SourceRejectedNotice {
  DirectorOp: 'SourceRejected';
  SourceHash: string;
  Reason: string;
}

export type DirectorRequest = Record<string, unknown> & { DirectorOp: string };

export function isDirectorRequest(m: unknown): m is DirectorRequest {
  return typeof m === 'object' && m !== null && typeof (m as { DirectorOp?: unknown }).DirectorOp === 'string';
}
