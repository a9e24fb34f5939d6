import { ActorAddress } from '../../../actor/address.js';
import type { AdminRequest } from '../protocol.js';
import type { AdminPort } from './admin-port.js';
import type { ActorStarter } from './actor-starter.js';
import { conventionRequest } from './convention-requests.js';
import { startIsolated } from './start-isolated.js';

/**
 * One request to the admin (protocol.ts lists them; protocol-shapes.ts checked its shape).
 * `from` is the requesting process's route, when it has one.
 */
export async function handleRequest(admin: AdminPort, starter: ActorStarter, req: AdminRequest, from: string | undefined, sender: ActorAddress | null): Promise<void> {
  switch (req.op) {
    case 'attach':
      if (!from) return;
      admin.attached.add(from);
      if (req.logs) admin.logSubscribers.set(from, req.logLevel ?? 0);
      admin.control(from, { op: 'attached', reqId: req.reqId, adminKey: admin.key, pid: process.pid, capabilities: { ...admin.core.capabilities }, ...(admin.convention ? { home: admin.convention.self } : {}) });
      return;
    case 'spare':
      if (from) admin.processes.spareReady(from, req.pid);
      return;
    case 'create':
      await starter.create(req, from);
      return;
    case 'ready':
      starter.ready(req.key, req.pid);
      return;
    case 'exited':
      starter.exited(req.key, from);
      return;
    case 'start-failed':
      starter.failed(req.key, req.error, req.code, req.accepts);
      return;
    case 'route?':
      if (from) admin.routes.routeQuery(req.key, from);
      return;
    case 'name?':
      if (from) admin.routes.nameQuery(req.globalName, from, req.reqId);
      return;
    case 'dead-letter':
      admin.reportedDead(req.targetKey, req.targetLabel, req.message, req.origin ?? sender, from);
      return;
    case 'dl-handler':
      admin.core.deadLetters.register(new ActorAddress(req.key, admin.core.entries.get(req.key)?.label ?? ''), req.on);
      return;
    case 'capability':
      admin.updateCapability(req.name, req.value);
      if (from && req.reqId) admin.control(from, { op: 'reply', reqId: req.reqId, value: null });
      return;
    case 'status':
      if (from) admin.control(from, { op: 'reply', reqId: req.reqId, value: await admin.detailedStatus() });
      return;
    case 'shutdown':
      await admin.shutdown();
      if (from && req.reqId) admin.control(from, { op: 'reply', reqId: req.reqId, value: 'stopped' });
      admin.tellStopped(from);
      admin.options.onStopped?.();
      return;
    case 'log':
      admin.forwardLog(req.level, req.message, req.actorAddress, req.actorClass);
      return;
    case 'poisoned':
      admin.counters.poisonMessages++;
      return;
    case 'dropped':
      admin.dropped(req.count, req.targetKey, req.actorAddress, req.actorClass);
      return;
    case 'source-load': {
      const hash = admin.core.sources.load(req.data, { info: req.info, authorityAlive: (a) => admin.core.entries.get(a.key)?.state !== 'dead' });
      if (from && req.reqId) admin.control(from, { op: 'reply', reqId: req.reqId, value: hash });
      return;
    }
    case 'source-unload':
      admin.core.sources.unload(req.hash);
      if (from && req.reqId) admin.control(from, { op: 'reply', reqId: req.reqId, value: null });
      return;
    case 'source-authority':
      admin.core.sources.setAuthority(new ActorAddress(req.key, req.label));
      return;
    case 'source-notify':
      admin.core.sources.setListener(new ActorAddress(req.key, req.label), req.on);
      return;
    case 'convention-notify':
      return conventionRequest(admin, req);
    case 'convention-preregister':
    case 'convention-deregister':
      conventionRequest(admin, req);
      if (from && req.reqId) admin.control(from, { op: 'reply', reqId: req.reqId, value: null });
      return;
    case 'isolate':
      await startIsolated(admin, starter, req.key, from);
      return;
  }
}
