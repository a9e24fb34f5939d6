import { registerSystemBase } from '../../system/system-base.js';
import { QueueSystem } from './queue-system.js';

registerSystemBase('multiprocQueueBase', async (options) => new QueueSystem(options));
