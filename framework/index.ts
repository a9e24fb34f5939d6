/** The public entry of thespian-ts: everything users import comes from here. */
import 'reflect-metadata';

export * from './actor/index.js';
