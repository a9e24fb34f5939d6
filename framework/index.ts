/** The public entry of thespian-ts: everything users import comes from here. */
import 'reflect-metadata';
import './bases/simple/index.js';
import './bases/multiproc-tcp/index.js';
import './bases/multiproc-queue/index.js';
import './bases/multiproc-udp/index.js';

export * from './actor/index.js';
export { ActorSystem, PrivateContext } from './system/actor-system.js';
export type { SystemOptions } from './system/system-base.js';
export { knownSystemBases } from './system/system-base.js';
export { commonCapabilities, THESPIAN_GENERATION } from './system/capabilities.js';
export type { LogDefs, LogRecord, LogDictConfig, LogShorthand } from './logging/logger.js';
export { InvalidLogDefs } from './logging/logger.js';
export * from './patterns/index.js';
export { buildSourcePackage } from './sources/package-format.js';
export { DirectorControl, type DirectorControlOptions } from './sources/director/director-control.js';
export { DIRECTOR_GLOBAL_NAME, type RoleAddressResponse, type SourceEntry } from './sources/director/director-protocol.js';

// Loaded sources import 'thespian-ts': they get this very module, not a second copy.
import * as publicEntry from './index.js';
import { provideFramework } from './sources/framework-link.js';
provideFramework(publicEntry);
