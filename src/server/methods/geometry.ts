/**
 * Geometry delivery methods (local rendering in the browser) and the per-view choice between
 * remote and local rendering. Clients fetch again on `periscope.pipeline.changed` (geometry,
 * colours and visibility all change through it) and follow the camera on
 * `periscope.view.changed`.
 */
import type { MethodCall } from '../../protocol/index.js';
import { asOperation, define, objectArgument, requireEditor, type SessionContext } from '../context.js';
import { GeometryDelivery } from '../geometry-delivery/geometry-delivery.js';
import {
  DELIVERY_GET_METHOD,
  DELIVERY_SET_METHOD,
  DELIVERY_TOPIC,
  GEOMETRY_GET_METHOD,
  VIEW_TOPIC,
} from '../geometry-delivery/messages.js';

export interface GeometryMethodsProps {
  /** `auto` views render locally up to this many bytes of geometry (default 20 MiB). */
  localThreshold?: number;
  /** `periscope.geometry.get` refuses scenes over this many bytes (default 24 MiB). */
  maxBytes?: number;
}

export function registerGeometryMethods(
  context: SessionContext,
  props: GeometryMethodsProps = {},
): GeometryDelivery {
  const { views } = context;
  const delivery = new GeometryDelivery({
    session: context.session,
    views,
    localThreshold: props.localThreshold,
    maxBytes: props.maxBytes,
    onCameraReset: (viewId) => {
      const view = views.get(viewId);
      context.protocol.publish(
        VIEW_TOPIC,
        { view: view.id, camera: view.camera },
        { droppable: true, coalesceKey: `view.${view.id}` },
      );
    },
  });
  const viewArg = { name: 'viewId', type: 'string | -1', optional: true };

  define(
    context,
    GEOMETRY_GET_METHOD,
    'The view’s geometry for local rendering: [{view, have: hashes held}] → {view, camera, background, bounds, actors[{node, name, properties, pieces}], arrays{hash: {type, length, data}} (only those not in have), hashes, delivery, sentBytes}. PERISCOPE_E_LIMIT over the delivery limit.',
    [{ name: 'request', type: '{view?, have?: string[]}', optional: true }],
    (call: MethodCall) => {
      const request = objectArgument(call, 0, 'request');
      return asOperation(context, call, (operation) =>
        delivery.scene(request.view, request.have ?? [], operation),
      );
    },
  );
  define(
    context,
    DELIVERY_GET_METHOD,
    'Remote or local rendering for the view now: {view, mode: auto|remote|local, use: remote|local, reason, size{bytes, triangles, lines, points}, localThreshold, maxBytes}.',
    [viewArg],
    (call) => asOperation(context, call, (operation) => delivery.choice(call.args[0], operation)),
  );
  define(
    context,
    DELIVERY_SET_METHOD,
    'Sets the view’s delivery mode (auto|remote|local); returns the resulting choice. Announced on periscope.view.delivery.changed.',
    [viewArg, { name: 'mode', type: "'auto' | 'remote' | 'local'" }],
    async (call) => {
      requireEditor(context, call);
      const viewId = views.resolveId(call.args[0]);
      const mode = delivery.setMode(viewId, call.args[1]);
      context.protocol.publish(DELIVERY_TOPIC, { view: viewId, mode });
      return asOperation(context, call, (operation) => delivery.choice(viewId, operation));
    },
  );
  return delivery;
}
