/**
 * The project's own entry (cli/, test/, bench/): the public API plus the internals those need.
 * Not a package export, so users cannot come to depend on it; generated code needs nothing here.
 */
export * from './index.js';
export { handlersFor } from './actor/dispatch.js';
export { actorClassByName, knownMessageIds, loadActorClassByName, messageClassById } from './registry/type-registry.js';
export { messageFromPlain, messageSchemaById, messageToPlain, type PlainMessage } from './registry/message-schema.js';
export { knownSystemBases } from './system/system-base.js';
// The CLI's view of a detached admin's state files.
export { adminStatePaths, readAdminState } from './bases/multiproc/admin-state.js';
export { ensureStateDir } from './bases/multiproc/state-dir.js';
