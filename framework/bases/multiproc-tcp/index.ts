import { registerSystemBase } from '../../system/system-base.js';

/** Spec 9.4: actors in their own processes over TCP; 'Admin Port' defaults to 1900. The starter loads when a system starts. */
registerSystemBase('multiprocTCPBase', async (options) =>
  (await import('../multiproc/starter/multiproc-system.js')).MultiprocSystem.start({ baseName: 'multiprocTCPBase', transport: 'tcp', defaultAdminPort: 1900 }, options),
);
