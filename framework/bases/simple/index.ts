import { registerSystemBase } from '../../system/system-base.js';
import { SimpleSystem } from './simple-system.js';

registerSystemBase('simpleSystemBase', async (options) => new SimpleSystem(options));

export { SimpleSystem };
