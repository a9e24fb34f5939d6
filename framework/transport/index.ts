// The transport layer's surface for bases and conventions; none of it is public (framework/index.ts).
export * from './transport-errors.js';
export { encodeMessage, decodeMessage } from './codec.js';
export { FrameDecoder, PROTOCOL_VERSION, DEFAULT_MAX_FRAME_BYTES, frameHeader, unframe } from './framing.js';
export {
  prepareEnvelope,
  framePieces,
  frameOf,
  readEnvelopeBody,
  type Envelope,
  type OutboundEnvelope,
  type ReceivedEnvelope,
  type ReceivedHead,
} from './envelope.js';
export * from './transmit-limits.js';
export { TransmitQueue, type TransmitLink } from './transmit-queue.js';
export { isOutbound, type Transport, type TransportHandlers, type TransportLog, type TransportLogLevel, type SendResult } from './transport.js';
export { parseHostPort, formatHostPort } from './inbound.js';
export { TcpTransport, type TcpTransportOptions } from './tcp-transport.js';
export { UdpTransport, MAX_DATAGRAM_BYTES } from './udp-transport.js';
export { IpcTransport } from './ipc-transport.js';
// Not here: './ws-transport.js' (WsTransport, parseWsTarget). It loads ws, http and https, and every
// actor process loads this surface; import it directly where a WebSocket link is wanted (issue 10).
