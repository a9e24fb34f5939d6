/**
 * Polls `cond` every 5 ms until it holds; throws naming `what` after `ms`. For the transport
 * tests, whose effects are fast and whose failures should say what never happened.
 */
export async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
