/** Where an actor is in its life, as its system's admin sees it. */
export type EntryState = 'starting' | 'live' | 'dead';

/** What every admin knows of each actor, whatever the base keeps beside it. */
export interface AdminEntry {
  readonly key: string;
  readonly label: string;
  readonly parentKey: string | null;
  globalName: string;
  state: EntryState;
}

/** Counters every admin reports in SystemStatus (spec 6.9); bases add their own beside them. */
export interface AdminCounters {
  actorsCreated: number;
  actorsExited: number;
  deadLetters: number;
  poisonMessages: number;
}
