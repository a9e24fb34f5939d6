/**
 * The names of the public entry (framework/index.ts re-exports them all). Kept apart from the
 * entry so the entry can hand this namespace to loaded sources without importing itself.
 */
export { ActorBase } from './actor/actor-base.js';
export { Actor, Message, Receive, RequireCapability } from './actor/decorators.js';
export { SUPER, type Super } from './actor/dispatch.js';
export { ActorAddress } from './actor/address.js';
export type { ActorSpec, Capabilities, CreateActorOptions, LogLevel } from './actor/context.js';
export {
  ActorExitRequest,
  ActorSystemConventionUpdate,
  ActorSystemMessage,
  ChildActorExited,
  DeadEnvelope,
  LoadedSource,
  PoisonMessage,
  ThespianWatch,
  UnloadedSource,
  ValidateSource,
  ValidatedSource,
  WakeupMessage,
  WatchMessage,
  type WatchableStream,
} from './actor/messages.js';
export { ActorStatus, StatusRequest, SystemStatus } from './actor/status-messages.js';
export {
  ActorSystemException,
  ActorSystemFailure,
  ActorSystemRequestTimeout,
  ActorSystemStartupFailure,
  InvalidActorAddress,
  InvalidActorSourceHash,
  InvalidActorSpecification,
  NoCompatibleSystemForActor,
} from './actor/errors.js';

export { ActorSystem, PrivateContext } from './system/actor-system.js';
export type { SystemOptions } from './system/system-base.js';
export { THESPIAN_GENERATION } from './system/capabilities.js';
export type { LogDefs, LogRecord, LogDictConfig, LogShorthand } from './logging/logger.js';
export { InvalidLogDefs } from './logging/logger.js';

export { Troupe, type TroupeOptions } from './patterns/troupe.js';
export { UpdateTroupeSettings } from './patterns/update-troupe-settings.js';
export { Transient, TransientIdle } from './patterns/transient.js';
export { InitializingMessages, type InitEntry, type InitOptions } from './patterns/initializing-messages.js';
export { RunCommand } from './patterns/run-command.js';
export { Command, CommandError, CommandLog, CommandOutput, CommandResult, CommandStarted, type CommandOptions } from './patterns/command-messages.js';

// What `thespian generate` output imports (codegen/emit-*.ts), and the typed addresses it enables.
export { loadRegistry, type GeneratedRegistry } from './registry/generated-registry.js';
export { typedAddress, type TypedAddress, type MessageOf, type MessageSender } from './registry/typed-address.js';

// Facades: the package format and the Director load at first use, not with every actor process.
export { buildSourcePackage } from './sources/build-source-package.js';
export { DirectorControl, type DirectorControlOptions } from './sources/director/director-control-facade.js';
export { DIRECTOR_GLOBAL_NAME, type RoleAddressResponse, type SourceEntry } from './sources/director/director-protocol.js';
