import { registerSystemBase } from '../../system/system-base.js';
import { MultiprocSystem } from '../multiproc/starter/multiproc-system.js';

/** Spec 9.4: actors in their own processes over TCP; 'Admin Port' defaults to 1900. */
registerSystemBase('multiprocTCPBase', (options) =>
  MultiprocSystem.start({ baseName: 'multiprocTCPBase', transport: 'tcp', defaultAdminPort: 1900 }, options),
);
