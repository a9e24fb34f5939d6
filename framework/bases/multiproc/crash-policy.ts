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
 * Ties this process's life to its parent's: registered before anything is awaited, so a
 * parent killed while this process is still booting is noticed (the event would otherwise
 * fire before anyone listens, and the process would run on as an orphan).
 */
export function exitWithParent(exit: () => void): void {
  if (!process.channel) return; // not started with an IPC channel: nothing to watch
  process.on('disconnect', exit);
  if (!process.connected) exit();
}
