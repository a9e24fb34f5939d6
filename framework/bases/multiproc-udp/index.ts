import { registerSystemBase } from '../../system/system-base.js';

/** Spec 9.5: actors in their own processes over UDP; 'Admin Port' defaults to 1029. The starter loads when a system starts. */
registerSystemBase('multiprocUDPBase', async (options) =>
  (await import('../multiproc/starter/multiproc-system.js')).MultiprocSystem.start({ baseName: 'multiprocUDPBase', transport: 'udp', defaultAdminPort: 1029 }, options),
);
