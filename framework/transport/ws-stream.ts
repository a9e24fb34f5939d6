import { EventEmitter } from 'node:events';
import WebSocket from 'ws';

function bytes(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * A WebSocket seen as the byte stream the TCP transport's pieces expect (handshake, frame
 * decoder, acknowledgements): binary messages are chunks, message boundaries mean nothing.
 * Events: 'data' (Buffer), 'error', 'close' (once). A text message is not ours: the link closes.
 */
export class WsStream extends EventEmitter {
  private closed = false;

  constructor(readonly ws: WebSocket) {
    super();
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        this.emit('error', new Error('a text message on a thespian-ts WebSocket link'));
        return this.destroy();
      }
      this.emit('data', bytes(data));
    });
    ws.on('error', (err) => this.emit('error', err));
    ws.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.emit('close');
    });
  }

  get destroyed(): boolean {
    return this.closed || this.ws.readyState >= WebSocket.CLOSING;
  }

  write(chunk: Uint8Array, done?: (error?: Error) => void): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) {
      done?.(new Error('WebSocket is not open'));
      return false;
    }
    this.ws.send(chunk, { binary: true }, done);
    return true;
  }

  /** Abrupt, like socket.destroy(): no closing handshake to wait for. */
  destroy(): void {
    this.ws.terminate();
  }

  /** Orderly: a close frame after what was sent. */
  end(): void {
    this.ws.close(1000);
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }
}
