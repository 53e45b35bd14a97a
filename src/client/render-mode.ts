/**
 * Which renderer a view should use, as the server decides (`periscope.view.delivery.get`):
 * local (vtk.js on delivered geometry) while the geometry is small, remote (streamed frames)
 * above the session's threshold or when a view is set so. Servers without geometry delivery
 * (ParaView's Python wslink, older Periscope) get remote rendering.
 */
import { RemoteCallError } from '../protocol/errors.js';
import { DELIVERY_GET_METHOD, type DeliveryChoice } from '../server/geometry-delivery/messages.js';
import type { Connection } from './connection.js';
import type { RenderMode } from './view-renderer.js';

export interface RenderModeChoice {
  use: RenderMode;
  reason: string;
  /** The server's full answer, when it has geometry delivery. */
  delivery?: DeliveryChoice;
}

function isMissingMethod(error: unknown): boolean {
  return (
    error instanceof RemoteCallError &&
    (error.code === 'PERISCOPE_E_METHOD_NOT_FOUND' || error.remoteCode === -32601)
  );
}

/** Asks the server for the view's render mode; other failures (a closed connection) are thrown. */
export async function queryRenderMode(
  connection: Pick<Connection, 'call'>,
  view: string | number = -1,
): Promise<RenderModeChoice> {
  let delivery: DeliveryChoice;
  try {
    delivery = await connection.call<DeliveryChoice>(DELIVERY_GET_METHOD, [view]);
  } catch (error) {
    if (isMissingMethod(error))
      return { use: 'remote', reason: 'the server has no geometry delivery (periscope.view.delivery.get)' };
    throw error;
  }
  if (delivery?.use !== 'local' && delivery?.use !== 'remote')
    return { use: 'remote', reason: `the server answered an unknown mode ${JSON.stringify(delivery?.use)}` };
  return { use: delivery.use, reason: delivery.reason, delivery };
}
