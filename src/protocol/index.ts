/**
 * Public API of the protocol layer (server side). Browser code imports the codec modules
 * directly (`codec.js`, `frames.js`, `reassembler.js`, `envelope.js`, `errors.js`), which use
 * no Node APIs.
 */
export { decodeMessage, describeTextFrame, EncodingError, encodeMessage, packEnvelope } from './codec.js';
export type {
  ConnectionContext,
  ConnectionState,
  PublishOptions,
  PublishOutcome,
} from './connection-context.js';
export * from './diagnostics.js';
export * from './envelope.js';
export * from './errors.js';
export * from './frames.js';
export { ChunkReassembler, type ChunkReassemblerProps } from './reassembler.js';
export type {
  MethodArgumentDescription,
  MethodCall,
  MethodDescription,
  MethodHandler,
  RegisterMethodOptions,
} from './registry.js';
export {
  createProtocolServer,
  type DisconnectEvent,
  type ListenAddress,
  ProtocolServer,
  type ProtocolServerEvents,
  type ProtocolServerProps,
  type ProtocolServerStats,
} from './server.js';
