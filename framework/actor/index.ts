export * from './errors.js';
export { ActorAddress } from './address.js';
export * from './messages.js';
export * from './status-messages.js';
export { Actor, Message, Receive, RequireCapability, actorNameOf, actorSourceOf, isRegisteredActor } from './decorators.js';
export { SUPER, type Super, messageTypeChain, handlersFor, useGeneratedDispatchTable, type DispatchTable } from './dispatch.js';
export { ActorBase, attachContext, holdOpen } from './actor-base.js';
export type { ActorContext, ActorSpec, Capabilities, CreateActorOptions, LogLevel } from './context.js';
