/**
 * The framework processes (admin, actor, spare) serve many peers: one stray rejection or
 * throw, from a bug of ours or a callback of an actor's, must not end all of them. Both are
 * logged with their stack and the process keeps running; the failed piece of work is lost,
 * and the log says which.
 */
export function installCrashPolicy(who: string, log: (level: string, message: string) => void): void {
  const report = (what: string, reason: unknown): void => {
    try {
      log('error', `${who} (pid ${process.pid}) kept running after ${what}: ${(reason as Error)?.stack ?? String(reason)}`);
    } catch {
      // The log itself failed (e.g. stderr closed): nothing safer to do than carry on.
    }
  };
  process.on('unhandledRejection', (reason) => report('an unhandled promise rejection', reason));
  process.on('uncaughtException', (error) => report('an uncaught exception', error));
}

/**
 * Ties the life of a process started with an IPC channel to its parent's: called before
 * anything is awaited, so a parent killed while this process is still booting is noticed
 * (the process would otherwise run on as an orphan).
 */
export function exitWithParent(exit: () => void): void {
  process.on('disconnect', exit);
  // A channel closed before this module ran fires no 'disconnect' and leaves no
  // process.channel: only `connected` says so.
  if (!process.connected) exit();
}
