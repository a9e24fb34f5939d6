// A convention admin reduced to its membership: one TcpTransport and one LeaderProtocol, for
// tests that run it inside a network namespace. argv: host, leaders (comma-separated), secret (hex).
// Prints one JSON line per membership event, and 'ready' once listening.
import { ActorAddress } from '../../framework/actor/address.js';
import { readConventionConfig } from '../../framework/convention/convention-config.js';
import { isConventionMessage } from '../../framework/convention/convention-messages.js';
import { LeaderProtocol } from '../../framework/convention/leader-protocol.js';
import { TcpTransport } from '../../framework/transport/tcp-transport.js';

const [host = '127.0.0.1', leaderList = '', secretHex = ''] = process.argv.slice(2);
// The namespace is this process's own network: Thespian's default admin port cannot clash.
const PORT = 1900;
const config = readConventionConfig({ 'Convention Address.IPv4': leaderList.split(',').filter(Boolean) });
let protocol: LeaderProtocol | undefined;
const transport = await TcpTransport.start(
  {
    onEnvelope: (env) => {
      if (env.sender && isConventionMessage(env.message)) protocol?.receive(env.sender.key, env.message);
    },
    log: (level, text) => console.log(`transport ${Date.now() % 100000} ${level}: ${text}`),
    onUndeliverable: (env, target) => {
      if (isConventionMessage(env.message)) protocol?.transmitFailed(target, env.message);
    },
  },
  { host, port: PORT, secret: Buffer.from(secretHex, 'hex'), connectTimeoutMs: 500 },
);
const self = transport.address;
protocol = new LeaderProtocol({
  self,
  capabilities: { host },
  leaders: config.leaders.map((l) => l.text),
  reregistrationMs: config.reregistrationMs,
  missMax: config.missMax,
  log: (level, text) => console.log(`log ${Date.now() % 100000} ${level}: ${text}`),
  port: { send: (to, message) => void transport.send(to, { targetKey: 'admin', sender: new ActorAddress(self, 'Admin'), message }) },
});
protocol.subscribe((e) => console.log(JSON.stringify({ type: e.type, address: e.member.address, why: e.why })));
protocol.start();
console.log('ready');
process.on('SIGTERM', () => {
  protocol?.stop();
  setTimeout(() => void transport.close().then(() => process.exit(0)), 200);
});
