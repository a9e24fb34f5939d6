import { registerSystemBase } from '../../system/system-base.js';

// Loaded when a system of this base starts (it holds the admin): never in an actor process.
registerSystemBase('multiprocQueueBase', async (options) => new (await import('./queue-system.js')).QueueSystem(options));
