// The actor layer's surface for the layers above it (patterns, tests); the public entry is framework/index.ts.
export * from './errors.js';
export { ActorAddress } from './address.js';
export * from './messages.js';
export * from './status-messages.js';
export { Actor, Message, Receive, RequireCapability } from './decorators.js';
export { SUPER, type Super, messageTypeChain } from './dispatch.js';
export { ActorBase, holdOpen } from './actor-base.js';
export type { ActorSpec, Capabilities, CreateActorOptions, LogLevel } from './context.js';
