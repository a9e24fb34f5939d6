import type { CommandFactory } from './command.js';
import { directorCommand } from './director.js';
import { generateCommand } from './generate.js';
import { logsCommand } from './logs.js';
import { newCommand } from './new.js';
import { shellCommand } from './shell.js';
import { shutdownCommand } from './shutdown.js';
import { startCommand } from './start.js';
import { statusCommand } from './status.js';

/** Every command of the CLI; adding one is a file in this folder and a line here. */
export const commands: readonly CommandFactory[] = [generateCommand, newCommand, startCommand, statusCommand, logsCommand, shellCommand, shutdownCommand, directorCommand];
