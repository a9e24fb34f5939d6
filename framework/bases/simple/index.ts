import { registerSystemBase } from '../../system/system-base.js';

// Loaded when a system of this base starts, not with the public entry: an actor process of
// another base never needs it (issue 10: what every actor process loads is its cost).
registerSystemBase('simpleSystemBase', async (options) => new (await import('./simple-system.js')).SimpleSystem(options));
