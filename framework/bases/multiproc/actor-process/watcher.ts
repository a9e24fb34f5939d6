import { fstatSync } from 'node:fs';
import net from 'node:net';
import { ThespianWatch, WatchMessage, type WatchableStream } from '../../../actor/messages.js';

/**
 * Spec 4.8 on Node: a handler returns ThespianWatch; when one of its items is readable the
 * actor gets a WatchMessage. The watch lasts until the actor's next message, as in Thespian.
 */
export class Watcher {
  private generation = 0;
  private readonly wrapped = new Map<number, net.Socket>();
  private disarm: (() => void) | undefined;

  constructor(private readonly deliver: (message: WatchMessage) => void) {}

  /** Any message to the actor ends the current watch (the next return sets a new one). */
  messageArrived(): void {
    this.generation++;
    this.disarm?.();
    this.disarm = undefined;
  }

  arm(watch: ThespianWatch): void {
    this.disarm?.();
    const gen = ++this.generation;
    const items = watch.filenos.map((item) => this.resolve(item)).filter((x): x is { fd: number; stream: WatchableStream | null } => x !== undefined);
    const fired = new Set<WatchableStream>();
    const fire = () => {
      if (gen !== this.generation) return;
      this.disarm?.();
      this.disarm = undefined;
      // 'readable' with nothing buffered means end of stream: readable too (a read sees EOF).
      const ready = items.filter((i) => i.stream === null || i.stream.readableLength > 0 || fired.has(i.stream));
      if (ready.length === 0) return;
      this.generation++;
      this.deliver(new WatchMessage(ready.map((i) => i.fd), ready.map((i) => i.stream)));
    };
    if (items.some((i) => i.stream === null || i.stream.readableLength > 0)) {
      setImmediate(fire);
      return;
    }
    const listeners = items.map((i) => {
      const on = () => {
        fired.add(i.stream!);
        setImmediate(fire);
      };
      i.stream!.once('readable', on);
      return () => i.stream!.removeListener('readable', on);
    });
    this.disarm = () => listeners.forEach((off) => off());
  }

  /** Invalid or closed descriptors are ignored (spec 5.2.1). */
  private resolve(item: number | WatchableStream): { fd: number; stream: WatchableStream | null } | undefined {
    if (typeof item !== 'number') {
      const fd = (item as { _handle?: { fd?: number } })._handle?.fd ?? -1;
      return { fd, stream: item };
    }
    try {
      if (fstatSync(item).isFile()) return { fd: item, stream: null };
    } catch {
      return undefined;
    }
    let sock = this.wrapped.get(item);
    if (!sock || sock.destroyed) {
      // A pipe or socket descriptor no Node stream owns yet: read it through one, which then
      // holds the data (WatchMessage.streams). One that Node already owns cannot be wrapped
      // again (EEXIST): watch its stream object instead.
      try {
        sock = new net.Socket({ fd: item, readable: true, writable: false });
      } catch {
        return undefined;
      }
      sock.on('error', () => this.wrapped.delete(item));
      sock.pause();
      this.wrapped.set(item, sock);
    }
    return { fd: item, stream: sock };
  }
}
