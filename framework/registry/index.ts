export * from './metadata.js';
export * from './type-registry.js';
export { typedAddress, type TypedAddress, type MessageOf, type MessageSender } from './typed-address.js';
export { loadRegistry, bindGeneratedDispatch, type GeneratedRegistry, type GeneratedActor } from './generated-registry.js';
export * from './message-schema.js';
