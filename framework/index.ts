/**
 * The public entry of thespian-ts: DESIGN.md's API, plus what generated registries and typed
 * addresses import, and nothing else. Every name here is a compatibility promise, so the list is
 * explicit (in api.ts) and test/unit/public-surface.test.ts snapshots it; the project's own code reaches
 * internals through `internal.ts`, never through here.
 */
import 'reflect-metadata';
import './bases/simple/index.js';
import './bases/multiproc-tcp/index.js';
import './bases/multiproc-queue/index.js';
import './bases/multiproc-udp/index.js';

export * from './api.js';

// Loaded sources import 'thespian-ts': they get this very namespace, not a second copy.
import * as publicApi from './api.js';
import { provideFramework } from './sources/framework-link.js';
provideFramework(publicApi);
