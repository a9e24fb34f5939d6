import type { Transport } from '../../../transport/index.js';
import type { Router } from '../router.js';

async function drained(transport: Transport, router: Router, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while ((transport.queuedCount > 0 || router.heldCount > 0) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * An actor has handled its ActorExitRequest. What it sent while exiting leaves first, so its
 * parent cannot hear of the exit before its last words; then the admin is told at once (spec
 * 2.2.4: the parent's ChildActorExited costs one hop, not this process's teardown). Messages
 * already on their way arrive during a short grace and are dead-lettered through the admin
 * rather than lost with the socket. A pooled host's transport is not this actor's to close.
 */
export async function drainThenExit(transport: Transport, router: Router, key: string, closeTransport: boolean, exit: (code: number) => void): Promise<void> {
  await drained(transport, router, 3000);
  router.toAdmin({ op: 'exited', key });
  await new Promise((r) => setTimeout(r, 50));
  await drained(transport, router, 3000);
  if (closeTransport) await transport.close();
  exit(0);
}
