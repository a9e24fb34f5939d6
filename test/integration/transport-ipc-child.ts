// Forked by transport-ipc.test.ts: echoes every envelope back to its parent over IPC.
import 'reflect-metadata';
import { Message } from '../../framework/actor/index.js';
import { IpcTransport } from '../../framework/transport/ipc-transport.js';

// Same wire id as the parent's class, defined separately: restored by id, not by identity.
@Message({ id: 'test.ipc.Ping' })
class Ping {
  constructor(
    public n = 0,
    public data: Map<string, Date> = new Map(),
  ) {}
  describe(): string {
    return `ping ${this.n} in pid ${process.pid}`;
  }
}

const transport = new IpcTransport(
  {
    onEnvelope: (env) => {
      if (env.message === 'exit') {
        // An orderly goodbye: close() sends the acknowledgement for what was taken so far.
        void transport.close().then(() => process.disconnect());
        return;
      }
      const reply = env.message instanceof Ping ? { isPing: true, text: env.message.describe(), echo: env.message } : { isPing: false, echo: env.message };
      transport.send('parent', { targetKey: env.sender?.key ?? '', sender: null, message: reply });
    },
  },
  { name: `child-${process.pid}` },
);
transport.attach('parent', process);
process.send?.('ready');
