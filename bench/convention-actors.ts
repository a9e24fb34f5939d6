import { Actor, RequireCapability } from 'thespian-ts';
import { BenchCounter, BenchEcho } from './bench-actors.js';

/**
 * The bench actors, placeable only on a system with 'Bench Far' (the convention's member), so a
 * createActor on the leader must send them across (spec 4.11.3). Handlers are BenchEcho's and
 * BenchCounter's (dispatch searches base classes).
 */
@Actor()
@RequireCapability('Bench Far')
export class FarEcho extends BenchEcho {}

@Actor()
@RequireCapability('Bench Far')
export class FarCounter extends BenchCounter {}
