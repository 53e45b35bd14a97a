/**
 * What RPC method modules share: the protocol server, the session state, collaboration, views,
 * image delivery and long operations, plus small helpers every handler uses (role checks,
 * running as a cancellable operation, argument coercion).
 */
import type { Logger } from 'pino';
import { PropertyError } from '../errors.js';
import type { MethodArgumentDescription, MethodCall, ProtocolServer } from '../protocol/index.js';
import type { Collaboration } from './collaboration.js';
import type { ImageDelivery } from './image-delivery/delivery.js';
import type { Views } from './image-delivery/views.js';
import type { OperationHandle, Operations } from './operations.js';
import type { Session } from './session.js';

export interface SessionContext {
  protocol: ProtocolServer;
  session: Session;
  collaboration: Collaboration;
  views: Views;
  delivery: ImageDelivery;
  operations: Operations;
  logger: Logger;
  /** Where export/save writes temporary files (inside the OS temp directory). */
  scratchDirectory: string;
}

export type Handler = (call: MethodCall) => unknown;

/** Registers a method with its description and argument list (what `periscope.methods.list` shows). */
export function define(
  context: SessionContext,
  name: string,
  description: string,
  args: MethodArgumentDescription[],
  handler: Handler,
): void {
  context.protocol.registerMethod(name, handler, { description, args });
}

/** Refuses the call unless the caller is an owner or editor. */
export function requireEditor(context: SessionContext, call: MethodCall): void {
  context.collaboration.assertCanEdit(call.connection.clientId, call.method);
}

/** Runs `work` as a cancellable operation with progress (id from `kwargs.operation` when given). */
export function asOperation<T>(
  context: SessionContext,
  call: MethodCall,
  work: (operation: OperationHandle) => Promise<T>,
): Promise<T> {
  return context.operations.run(
    {
      method: call.method,
      clientId: call.connection.clientId,
      requestedId: call.kwargs.operation,
      connectionSignal: call.signal,
    },
    work,
  );
}

export function stringArgument(call: MethodCall, index: number, name: string): string {
  const value = call.args[index];
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new PropertyError(call.method, name, `argument ${index + 1} must be a string`);
  return String(value);
}

export function numberArgument(call: MethodCall, index: number, name: string, fallback?: number): number {
  const value = call.args[index] ?? fallback;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number))
    throw new PropertyError(call.method, name, `argument ${index + 1} must be a finite number`);
  return number;
}

export function objectArgument(call: MethodCall, index: number, name: string): Record<string, unknown> {
  const value = call.args[index] ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new PropertyError(call.method, name, `argument ${index + 1} must be an object`);
  return value as Record<string, unknown>;
}
