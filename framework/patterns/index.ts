/** Spec 8: patterns built only on the public Actor API, so they run on every base. */
export { Troupe, type TroupeOptions } from './troupe.js';
export { DEFAULT_LINGER_MS, type TroupeSettings } from './troupe-settings.js';
export { UpdateTroupeSettings } from './update-troupe-settings.js';
export { Transient, TransientIdle } from './transient.js';
export { InitializingMessages, type InitEntry, type InitOptions } from './initializing-messages.js';
export { RunCommand } from './run-command.js';
export { Command, CommandResult, CommandStarted, CommandOutput, CommandError, CommandLog, type CommandOptions } from './command-messages.js';
