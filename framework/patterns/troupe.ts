import {
  ActorExitRequest,
  ActorSystemException,
  ActorSystemMessage,
  ChildActorExited,
  PoisonMessage,
  WakeupMessage,
  type ActorAddress,
  type ActorBase,
  type ActorSpec,
} from '../actor/index.js';
import { troupeWithInitializingMessages } from './pattern-conflicts.js';
import { TroupeManager, type TroupePort } from './troupe-manager.js';
import { TroupeDismissCheck, TroupeWork, TroupeWorkerReady } from './troupe-messages.js';
import { checkTroupeSettings, DEFAULT_TROUPE_SETTINGS, type TroupeSettings } from './troupe-settings.js';
import { UpdateTroupeSettings } from './update-troupe-settings.js';
import { afterResult, appliedPatterns, className, installPattern, patternOptions, type ReceiveFn } from './wrap-receive.js';

export type TroupeOptions = Partial<TroupeSettings>;

/** Per instance: leader or worker is decided by the first message that is not a system message. */
interface TroupeRole {
  role?: 'leader' | 'worker';
  manager?: TroupeManager;
  leader?: ActorAddress;
  workId: number;
}

const roles = new WeakMap<ActorBase, TroupeRole>();

/**
 * Spec 8.1 / 4.9: one address, many instances. The instance created by the user leads:
 * it hands each message to one worker (another instance of the same class, created on
 * demand) and answers the troupe's control messages; workers run the class's handlers.
 */
export function Troupe(options: TroupeOptions = {}): ClassDecorator {
  return (target) => {
    const name = className(target);
    const settings: TroupeSettings = { ...DEFAULT_TROUPE_SETTINGS, ...options };
    checkTroupeSettings(name, settings);
    if (appliedPatterns(target).includes('InitializingMessages')) throw troupeWithInitializingMessages(name);
    installPattern(target, 'Troupe', settings, troupeReceive);
  };
}

function troupeReceive(inner: ReceiveFn): ReceiveFn {
  return function troupe(this: ActorBase, message: unknown, sender: ActorAddress): unknown {
    let st = roles.get(this);
    if (!st) roles.set(this, (st = { workId: 0 }));
    // A system message before any work decides nothing: the user's handlers see it.
    if (st.role === 'worker' || message instanceof TroupeWork || (st.role === undefined && message instanceof ActorSystemMessage)) {
      return workerReceive(this, st, inner, message, sender);
    }
    st.role = 'leader';
    return leaderReceive(this, st, inner, message, sender);
  };
}

function workerReceive(actor: ActorBase, st: TroupeRole, inner: ReceiveFn, message: unknown, sender: ActorAddress): unknown {
  const wasInProgress = actor.troupeWorkInProgress;
  let result: unknown;
  if (message instanceof TroupeWork) {
    st.role = 'worker';
    st.leader = sender;
    st.workId = message.id;
    result = inner.call(actor, message.message, message.sender ?? sender);
  } else {
    result = inner.call(actor, message, sender);
  }
  // Spec 8.1: the leader hears "ready" once the work, possibly spread over several messages, is done.
  return afterResult(result, () => {
    if ((message instanceof TroupeWork || wasInProgress) && !actor.troupeWorkInProgress && st.leader && st.workId) {
      actor.send(st.leader, new TroupeWorkerReady(st.workId));
      st.workId = 0;
    }
  });
}

function leaderReceive(actor: ActorBase, st: TroupeRole, inner: ReceiveFn, message: unknown, sender: ActorAddress): unknown {
  const manager = (st.manager ??= newManager(actor));
  if (message instanceof TroupeWorkerReady) return manager.ready(sender, message.id);
  if (message instanceof WakeupMessage && message.payload instanceof TroupeDismissCheck) return manager.dismissCheck();
  if (message instanceof PoisonMessage && message.poisonMessage instanceof TroupeWork) {
    return manager.poisoned(sender, message.poisonMessage.id, message.details);
  }
  if (message instanceof ChildActorExited && manager.workerExited(message.childAddress)) return undefined;
  // A recursive exit reaches the workers through the system; a non-recursive one must not orphan them.
  if (message instanceof ActorExitRequest) manager.dismissAll(!message.isRecursive);
  // Release 3.9.8: the leader itself receives the system messages that are not the troupe's own.
  if (message instanceof ActorSystemMessage) return inner.call(actor, message, sender);
  if (message instanceof UpdateTroupeSettings) {
    manager.update({ maxCount: message.maxCount ?? undefined, idleCount: message.idleCount ?? undefined });
    const { maxCount, idleCount } = manager.settings;
    return actor.send(sender, new UpdateTroupeSettings({ maxCount, idleCount }));
  }
  if (typeof message === 'string' && message.startsWith('troupe:')) {
    const reply = controlString(actor, manager, message);
    if (reply !== undefined) return actor.send(sender, reply);
  }
  return manager.submit(message, sender);
}

const SETTING = /^troupe:set_(max|idle)_count=(.*)$/;

/** Spec 8.1's text protocol; undefined for any other 'troupe:...' string, which is ordinary work. */
function controlString(actor: ActorBase, manager: TroupeManager, text: string): string | undefined {
  if (text === 'troupe:status?') return manager.describe();
  const m = SETTING.exec(text);
  if (!m) return undefined;
  const which = m[1] === 'max' ? 'max_count' : 'idle_count';
  const value = m[2]!.trim();
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  const change = which === 'max_count' ? { maxCount: n } : { idleCount: n };
  try {
    if (Number.isNaN(n)) throw new ActorSystemException(`put a whole number after '=', e.g. 'troupe:set_${which}=4'`, 'TROUPE_BAD_SETTING');
    checkTroupeSettings(className(actor.constructor), change);
  } catch (err) {
    // Thespian answers a bad text setting with this text and changes nothing (troupe.py).
    return `Error changing ${which} for troupe based on message "${text}": ${(err as Error).message}`;
  }
  manager.update(change);
  return `Set troupe ${which} to ${n}`;
}

function newManager(actor: ActorBase): TroupeManager {
  const cls = actor.constructor;
  const owner = className(cls);
  const settings = { ...patternOptions<TroupeSettings>(cls, 'Troupe') };
  const requirements = actor.requirements;
  const port: TroupePort = {
    // Workers are instances of the same class with the leader's requirements, so a capability
    // check that admitted the leader admits its workers, wherever the base starts them.
    createWorker: () => actor.createActor(cls as ActorSpec, requirements === undefined ? {} : { requirements }),
    assign: (worker, item) => actor.send(worker, new TroupeWork(item.id, item.message, item.sender)),
    dismiss: (worker) => actor.send(worker, new ActorExitRequest()),
    wakeupAfter: (ms) => actor.wakeupAfter(ms, new TroupeDismissCheck()),
    fail: (item, reason) => actor.send(item.sender, new PoisonMessage(item.message, `${owner} troupe: ${reason}`)),
    now: () => performance.now(),
  };
  return new TroupeManager(owner, settings, port);
}
