import { registerSystemBase } from '../../system/system-base.js';
import { MultiprocSystem } from '../multiproc/starter/multiproc-system.js';

/** Spec 9.5: actors in their own processes over UDP; 'Admin Port' defaults to 1029. */
registerSystemBase('multiprocUDPBase', (options) =>
  MultiprocSystem.start({ baseName: 'multiprocUDPBase', transport: 'udp', defaultAdminPort: 1029 }, options),
);
