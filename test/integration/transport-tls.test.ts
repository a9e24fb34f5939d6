import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorAddress } from '../../framework/actor/address.js';
import type { OutboundEnvelope, ReceivedEnvelope } from '../../framework/transport/envelope.js';
import { TcpTransport, type TcpTransportOptions } from '../../framework/transport/tcp-transport.js';
import type { TransportError } from '../../framework/transport/transport-errors.js';
import type { TransportLogLevel } from '../../framework/transport/transport.js';
import { makeTestPki, OPENSSL_MISSING, type TestPki } from '../support/test-ca.js';
import { waitFor } from '../support/wait-for.js';

const me = new ActorAddress('tls-a', 'A');

interface Endpoint {
  got: ReceivedEnvelope[];
  failed: { env: OutboundEnvelope; error: Error }[];
  logs: string[];
  t: TcpTransport;
}

const open: TcpTransport[] = [];

async function endpoint(options: TcpTransportOptions, echo = false): Promise<Endpoint> {
  const e = { got: [], failed: [], logs: [] } as unknown as Endpoint;
  e.t = await TcpTransport.start(
    {
      onEnvelope: (env) => {
        e.got.push(env);
        if (echo && env.sender) e.t.send(String((env.message as { replyTo: string }).replyTo), { targetKey: 'a', sender: me, message: { echo: env.message } });
      },
      onUndeliverable: (env, _target, error) => void e.failed.push({ env, error }),
      log: (level: TransportLogLevel, m) => void e.logs.push(`${level}: ${m}`),
    },
    options,
  );
  open.push(e.t);
  return e;
}

const logged = (e: Endpoint, re: RegExp): boolean => e.logs.some((l) => re.test(l));

describe.skipIf(OPENSSL_MISSING)(`9.1 Convention TLS on the TCP transport (issue 13 item 7)${OPENSSL_MISSING ? ` [skipped: ${OPENSSL_MISSING}]` : ''}`, () => {
  let pki: TestPki;
  const secret = randomBytes(32);
  let mutual: TcpTransportOptions;
  beforeAll(() => {
    pki = makeTestPki();
    mutual = { secret, tls: { cert: pki.peerCert, key: pki.peerKey, ca: pki.ca } };
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
    pki?.cleanup();
  });

  it('9.1 Convention TLS mutual: two transports with certificates from one CA exchange frames both ways, in order, with acks; names are not checked (the certificate names no IP)', async () => {
    const a = await endpoint(mutual);
    const b = await endpoint(mutual, true);
    for (let i = 0; i < 300; i++) a.t.send(b.t.address, { targetKey: 'b', sender: me, message: { i, replyTo: a.t.address } });
    // Larger than one batch copy (64 KiB): written as its own piece inside the TLS stream.
    a.t.send(b.t.address, { targetKey: 'b', sender: me, message: { i: 300, replyTo: a.t.address, blob: new Uint8Array(300_000).fill(7) } });
    await waitFor(() => b.got.length === 301 && a.got.length === 301, 'every frame and every echo over TLS');
    expect(b.got.map((e) => (e.message as { i: number }).i)).toEqual([...Array(301).keys()]);
    expect((b.got[300]?.message as { blob: Uint8Array }).blob.byteLength).toBe(300_000);
    await waitFor(() => a.t.awaitingAck === 0 && b.t.awaitingAck === 0, 'both receivers to acknowledge every frame');
    expect([...a.failed, ...b.failed]).toEqual([]);
    expect([...a.logs, ...b.logs].filter((l) => /^(warning|error)/.test(l))).toEqual([]);
  });

  it('issue 13 item 7 a client with a certificate from another CA is refused and logged once, naming it; a good client keeps working', async () => {
    const b = await endpoint(mutual);
    const good = await endpoint(mutual);
    // The stranger trusts our CA (it would talk to us) but its own certificate is another CA's.
    const stranger = await endpoint({ secret, tls: { cert: pki.strangerCert, key: pki.strangerKey, ca: pki.ca } });
    stranger.t.send(b.t.address, { targetKey: 'b', sender: me, message: 'intruder' });
    good.t.send(b.t.address, { targetKey: 'b', sender: me, message: 'first' });
    await waitFor(() => stranger.failed.length === 1, 'the stranger to be told its send is undeliverable');
    const error = stranger.failed[0]!.error as TransportError;
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/TLS with 127\.0\.0\.1:\d+ failed: the peer closed the connection before the link handshake: did it refuse our certificate/);
    await waitFor(() => logged(b, /refused a TLS connection/), 'the acceptor to log the refusal');
    const refusals = b.logs.filter((l) => /refused a TLS connection/.test(l));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(/^warning: refused a TLS connection from 127\.0\.0\.1:\d+: its certificate is not signed by our CA \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    good.t.send(b.t.address, { targetKey: 'b', sender: me, message: 'second' });
    await waitFor(() => b.got.length === 2, 'the good client to be served');
    expect(b.got.map((e) => e.message)).toEqual(['first', 'second']);
    expect(good.failed).toEqual([]);
  });

  it('issue 13 item 7 a connector refuses an acceptor whose certificate its CA did not sign: undeliverable, logged with the reason', async () => {
    const b = await endpoint(mutual);
    const wary = await endpoint({ secret, tls: { cert: pki.peerCert, key: pki.peerKey, ca: pki.otherCa } });
    wary.t.send(b.t.address, { targetKey: 'b', sender: me, message: 'not to you' });
    await waitFor(() => wary.failed.length === 1, 'the send to be undeliverable');
    expect((wary.failed[0]!.error as TransportError).code).toBe('AUTH_FAILED');
    expect(wary.failed[0]!.error.message).toMatch(/could not deliver to 127\.0\.0\.1:\d+: TLS with 127\.0\.0\.1:\d+ failed: its certificate chain ends in a CA that is not ours/);
    expect(logged(wary, /^warning: link to 127\.0\.0\.1:\d+ closed: .*TLS with .* failed/)).toBe(true);
    await waitFor(() => logged(b, /refused a TLS connection/), 'the acceptor to log the hang-up');
    expect(b.got).toEqual([]);
  });

  it('issue 13 item 7 a plain TCP client to a TLS port is refused and logged; the listener keeps serving TLS clients', async () => {
    const b = await endpoint(mutual);
    const plain = await endpoint({ secret });
    plain.t.send(b.t.address, { targetKey: 'b', sender: me, message: 'in clear' });
    await waitFor(() => plain.failed.length === 1, 'the plain send to be undeliverable');
    await waitFor(() => logged(b, /refused a TLS connection/), 'the refusal to be logged');
    expect(b.logs.find((l) => /refused a TLS connection/.test(l))).toMatch(
      /^warning: refused a TLS connection from 127\.0\.0\.1:\d+: it does not speak TLS \(a system without TLS settings\?\) \(ERR_SSL_WRONG_VERSION_NUMBER/,
    );
    const good = await endpoint(mutual);
    good.t.send(b.t.address, { targetKey: 'b', sender: me, message: 'over TLS' });
    await waitFor(() => b.got.length === 1, 'the TLS client to be served');
    expect(b.got[0]?.message).toBe('over TLS');
  });

  it('issue 13 item 7 a TLS transport talking to a plain one fails cleanly: undeliverable with a TLS reason, the plain side logs a bad greeting, neither crashes', async () => {
    const plain = await endpoint({ secret });
    const a = await endpoint(mutual);
    a.t.send(plain.t.address, { targetKey: 'p', sender: me, message: 'hello?' });
    await waitFor(() => a.failed.length === 1, 'the send to be undeliverable');
    expect((a.failed[0]!.error as TransportError).code).toBe('AUTH_FAILED');
    expect(a.failed[0]!.error.message).toMatch(/TLS with 127\.0\.0\.1:\d+ failed: the peer closed the connection during the TLS handshake: is it listening without TLS/);
    expect(logged(a, /^warning: link to 127\.0\.0\.1:\d+ closed: .*TLS with/)).toBe(true);
    await waitFor(() => logged(plain, /closing unauthenticated connection/), 'the plain side to log the refusal');
    expect(plain.logs.join('\n')).toMatch(/not a thespian-ts link \(bad handshake greeting\)/);
    expect(plain.got).toEqual([]);
    // Both still work for their own kind.
    const other = await endpoint({ secret });
    other.t.send(plain.t.address, { targetKey: 'p', sender: me, message: 'plain ok' });
    const peer = await endpoint(mutual);
    peer.t.send(a.t.address, { targetKey: 'a', sender: me, message: 'tls ok' });
    await waitFor(() => plain.got.length === 1 && a.got.length === 1, 'both to serve their own kind');
  });

  it('issue 13 item 7 TLS without a CA: encrypted, no certificate checked either way, and the link handshake still refuses a wrong secret', async () => {
    const encryptOnly: TcpTransportOptions = { secret, tls: { cert: pki.strangerCert, key: pki.strangerKey } };
    const b = await endpoint(encryptOnly);
    const a = await endpoint({ secret, tls: { cert: pki.peerCert, key: pki.peerKey } });
    a.t.send(b.t.address, { targetKey: 'b', sender: me, message: 'sealed' });
    await waitFor(() => b.got.length === 1, 'the message over TLS without a CA');
    const wrong = await endpoint({ secret: randomBytes(32), tls: { cert: pki.peerCert, key: pki.peerKey } });
    wrong.t.send(b.t.address, { targetKey: 'b', sender: me, message: 'no key' });
    await waitFor(() => wrong.failed.length === 1, 'the wrong secret to be refused');
    expect(wrong.failed[0]!.error.message).toMatch(/did not prove it holds this system's secret/);
    expect(b.got.map((e) => e.message)).toEqual(['sealed']);
  });

  it('issue 13 item 7 the inbound connection cap counts TLS connections before their handshake; past it they are refused and logged, and room made serves TLS again', async () => {
    const b = await endpoint(mutual);
    // The budgets are read once per process (wire-budgets.ts), so the cap is lowered on this
    // listener alone; the refusal and its log line are the transport's own.
    const server = (b.t as unknown as { server: net.Server }).server;
    server.maxConnections = 2;
    const socks = Array.from({ length: 5 }, () => net.connect(b.t.port, '127.0.0.1').on('error', () => undefined));
    await waitFor(() => socks.filter((s) => s.destroyed).length === 3, 'the three past the cap to be refused');
    expect(b.logs.filter((l) => /refused a connection from 127\.0\.0\.1:\d+: \d+ connections are open \(THESPIAN_MAX_INBOUND_CONNECTIONS\)/.test(l))).toHaveLength(3);
    for (const sock of socks) sock.destroy();
    let open = -1;
    await waitFor(() => (server.getConnections((_e, n) => (open = n)), open === 0), 'the listener to see the stalled connections go');
    const good = await endpoint(mutual);
    good.t.send(b.t.address, { targetKey: 'b', sender: me, message: 'room again' });
    await waitFor(() => b.got.length === 1, 'a TLS client to be served once the stalled ones are gone');
  });

  it('issue 13 item 7 budgets as on plain TCP: a connection that never starts TLS is cut at the handshake timeout and logged; close() does not wait for it', async () => {
    const b = await endpoint({ ...mutual, handshakeTimeoutMs: 300 });
    const t0 = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      const s = net.connect(b.t.port, '127.0.0.1');
      s.on('error', () => undefined);
      s.on('close', () => resolve(Date.now() - t0));
    });
    expect(closedAfter).toBeGreaterThanOrEqual(250);
    expect(closedAfter).toBeLessThan(5000);
    await waitFor(() => logged(b, /refused a TLS connection from 127\.0\.0\.1:\d+: no TLS handshake in time/), 'the timeout to be logged');
    // A stalled handshake open while the transport closes: close() cuts it instead of waiting.
    const c = await endpoint({ ...mutual, handshakeTimeoutMs: 60_000 });
    const stalled = net.connect(c.t.port, '127.0.0.1');
    stalled.on('error', () => undefined);
    await new Promise((r) => stalled.once('connect', r));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((r) => (timer = setTimeout(() => r('close() still waiting after 5 s'), 5000)));
    expect(await Promise.race([c.t.close().then(() => 'closed'), late])).toBe('closed');
    clearTimeout(timer);
    await waitFor(() => stalled.destroyed, 'the stalled connection to be cut');
    expect(logged(c, /refused a TLS connection/)).toBe(false); // cut by its own close: not news
  });
});
