// A convention admin reduced to its membership: one TcpTransport and one LeaderProtocol, for
// tests that run it inside a network namespace. argv: host, leaders (comma-separated), secret (hex).
// Prints one JSON line per membership event, and 'ready' once listening.
import { readConventionConfig } from '../../framework/convention/convention-config.js';
import { ConventionLinks } from '../../framework/convention/convention-port.js';
import { LeaderProtocol } from '../../framework/convention/leader-protocol.js';
import { TcpTransport } from '../../framework/transport/tcp-transport.js';

const [host = '127.0.0.1', leaderList = '', secretHex = ''] = process.argv.slice(2);
// The namespace is this process's own network: Thespian's default admin port cannot clash.
const PORT = 1900;
const config = readConventionConfig({ 'Convention Address.IPv4': leaderList.split(',').filter(Boolean) });
let links: ConventionLinks | undefined;
const transport = await TcpTransport.start(
  {
    onEnvelope: (env) => void links?.onEnvelope(env),
    onUndeliverable: (env, target) => void links?.onUndeliverable(env, target),
    log: (level, text) => console.log(`transport ${level}: ${text}`),
  },
  { host, port: PORT, secret: Buffer.from(secretHex, 'hex'), connectTimeoutMs: 500 },
);
const self = transport.address;
links = new ConventionLinks(self, transport);
const protocol = new LeaderProtocol({
  self,
  capabilities: { host },
  leaders: config.leaders.map((l) => l.text),
  reregistrationMs: config.reregistrationMs,
  missMax: config.missMax,
  log: (level, text) => console.log(`log ${level}: ${text}`),
  port: links.port,
});
links.receiver = protocol;
protocol.subscribe((e) => console.log(JSON.stringify({ type: e.type, address: e.member.address, why: e.why })));
protocol.start();
console.log('ready');
