import type { CommandFactory } from './command.js';
import { generateCommand } from './generate.js';
import { newCommand } from './new.js';
import { shutdownCommand, startCommand, statusCommand } from './system.js';

/** Every command of the CLI; adding one is a file in this folder and a line here. */
export const commands: readonly CommandFactory[] = [generateCommand, newCommand, startCommand, statusCommand, shutdownCommand];
