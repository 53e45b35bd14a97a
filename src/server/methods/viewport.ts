/**
 * Remote rendering methods: vtk.js ImageStream / paraviewweb VtkImageDelivery and ViewPort
 * (PROTOCOL.md §4–§5) plus ours (acknowledgements, screenshots, views). Camera changes are
 * shared state: they are broadcast on `periscope.view.changed` and re-render every observer.
 */

import { drag, interactionMode } from '../../engine/render/camera/interaction.js';
import { PeriscopeError, PropertyError } from '../../errors.js';
import type { MethodCall } from '../../protocol/index.js';
import {
  asOperation,
  define,
  numberArgument,
  objectArgument,
  requireEditor,
  type SessionContext,
} from '../context.js';
import { type CameraState, dollyCamera, isVector3, resetCamera } from '../image-delivery/camera.js';
import { gatherActors, type SceneRenderer, sceneBounds } from '../image-delivery/scene.js';
import { probe } from './pipeline.js';

export const IMAGE_TOPIC = 'viewport.image.push.subscription';
export const VIEW_TOPIC = 'periscope.view.changed';

/** Largest screenshot edge. */
const MAX_SCREENSHOT_EDGE = 8192;

interface MouseState {
  x: number;
  y: number;
  interacting: boolean;
}

export function registerViewportMethods(context: SessionContext, renderer: SceneRenderer | undefined): void {
  const { views, delivery } = context;
  const viewArg = { name: 'viewId', type: 'string | -1', optional: true };
  const client = (call: MethodCall) => call.connection.clientId;

  const setCamera = (viewId: string, camera: CameraState) => {
    const view = views.get(viewId);
    view.camera = camera;
    view.cameraInitialized = true;
    context.protocol.publish(
      VIEW_TOPIC,
      { view: view.id, camera },
      { droppable: true, coalesceKey: `view.${view.id}` },
    );
  };
  const resetTo = async (viewId: string, call: MethodCall) => {
    const actors = await asOperation(context, call, (operation) => gatherActors(context.session, operation));
    setCamera(viewId, resetCamera(views.get(viewId).camera, sceneBounds(actors)));
    delivery.invalidate(viewId);
    return viewId;
  };

  define(
    context,
    'viewport.image.push.observer.add',
    'Starts image pushes of a view to this client: {success, viewId}.',
    [viewArg],
    (call) => {
      const viewId = views.resolveId(call.args[0]);
      delivery.observe(client(call), viewId);
      return { success: true, viewId };
    },
  );
  define(
    context,
    'viewport.image.push.observer.remove',
    'Stops image pushes of a view to this client.',
    [viewArg],
    (call) => {
      delivery.unobserve(client(call), views.resolveId(call.args[0]));
      return { result: 'success' };
    },
  );
  define(
    context,
    'viewport.image.push.enabled',
    'Pauses or resumes pushes of a view to this client.',
    [viewArg, { name: 'enabled', type: 'boolean' }],
    (call) => {
      delivery.setEnabled(client(call), views.resolveId(call.args[0]), Boolean(call.args[1]));
      return { result: 'success' };
    },
  );
  define(
    context,
    'viewport.image.push',
    'Pushes a frame of the view now: [{view, size}] (size is the stored original size).',
    [{ name: 'options', type: '{view, size?}' }],
    (call) => {
      const options = objectArgument(call, 0, 'options');
      const viewId = views.resolveId(options.view);
      const size = options.size;
      if (Array.isArray(size) && size.length === 2)
        delivery.setSize(client(call), viewId, Number(size[0]), Number(size[1]));
      delivery.push(client(call), viewId);
      return { result: 'success' };
    },
  );
  define(
    context,
    'viewport.image.push.quality',
    'JPEG quality (0–100) and resolution ratio for this client.',
    [viewArg, { name: 'quality', type: 'number' }, { name: 'ratio', type: 'number', optional: true }],
    (call) => {
      delivery.setQuality(
        client(call),
        views.resolveId(call.args[0]),
        numberArgument(call, 1, 'quality'),
        numberArgument(call, 2, 'ratio', 1),
      );
      return { result: 'success' };
    },
  );
  define(
    context,
    'viewport.image.push.original.size',
    'The size (CSS pixels) this client shows the view at.',
    [viewArg, { name: 'width', type: 'number' }, { name: 'height', type: 'number' }],
    (call) => {
      delivery.setSize(
        client(call),
        views.resolveId(call.args[0]),
        numberArgument(call, 1, 'width', 400),
        numberArgument(call, 2, 'height', 400),
      );
      return { result: 'success' };
    },
  );
  define(
    context,
    'viewport.image.push.invalidate.cache',
    'Forces a new frame of the view for this client.',
    [viewArg],
    (call) => {
      delivery.push(client(call), views.resolveId(call.args[0]));
      return { result: 'success' };
    },
  );
  define(
    context,
    'viewport.image.animation.fps.max',
    'Sets the animation frame rate limit.',
    [{ name: 'fps', type: 'number', optional: true }],
    (call) => {
      delivery.maxFps = numberArgument(call, 0, 'fps', 30);
      return null;
    },
  );
  define(
    context,
    'viewport.image.animation.fps.get',
    'The animation frame rate limit.',
    [],
    () => delivery.maxFps,
  );
  define(
    context,
    'viewport.image.animation.start',
    'Streams the view continuously at the frame rate limit.',
    [viewArg],
    (call) => {
      delivery.startAnimation(views.resolveId(call.args[0]));
      return { result: 'success' };
    },
  );
  define(context, 'viewport.image.animation.stop', 'Stops streaming the view.', [viewArg], (call) => {
    delivery.stopAnimation(views.resolveId(call.args[0]));
    return { result: 'success' };
  });
  define(
    context,
    'periscope.image.ack',
    'Acknowledges frame n of a view: the next frame may be sent.',
    [viewArg, { name: 'frame', type: 'number' }],
    (call) => {
      delivery.acknowledge(client(call), views.resolveId(call.args[0]), numberArgument(call, 1, 'frame'));
      return null;
    },
  );

  define(
    context,
    'viewport.mouse.interaction',
    "Mouse event {action, x, y (0..1, bottom-left), buttonLeft/Middle/Right, shiftKey, ctrlKey, view}: left rotates, middle or shift+left pans, right zooms. Returns true, or with kwargs {mtime: true} the view's scene time after a camera move (frames with mtime ≥ it show the move).",
    [{ name: 'event', type: 'object' }],
    (call) => {
      const event = objectArgument(call, 0, 'event');
      const viewId = views.resolveId(event.view);
      const x = Number(event.x);
      const y = Number(event.y);
      if (!Number.isFinite(x) || !Number.isFinite(y))
        throw new PropertyError(call.method, 'event.x', 'x and y must be numbers');
      context.collaboration.setPointer(client(call), { view: viewId, x, y });
      const key = `mouse.${viewId}`;
      const previous = call.connection.userData.get(key) as MouseState | undefined;
      const pressed = Boolean(event.buttonLeft || event.buttonMiddle || event.buttonRight);
      // vtk.js sends drags as 'down'; paraviewweb's listener sends 'move' (PROTOCOL.md §4.5).
      if ((event.action !== 'down' && event.action !== 'move') || !pressed) {
        call.connection.userData.delete(key);
        if (previous?.interacting) delivery.interact(viewId, true);
        return true;
      }
      call.connection.userData.set(key, { x, y, interacting: true });
      if (!previous) return true;
      requireEditor(context, call);
      const dx = x - previous.x;
      const dy = y - previous.y;
      if (dx === 0 && dy === 0) return true;
      const view = views.get(viewId);
      // vtkInteractorStyleTrackballCamera's buttons and arithmetic, in this client's pixels.
      const mode = interactionMode({
        buttonLeft: Boolean(event.buttonLeft),
        buttonMiddle: Boolean(event.buttonMiddle),
        buttonRight: Boolean(event.buttonRight),
        shiftKey: Boolean(event.shiftKey),
        ctrlKey: Boolean(event.ctrlKey),
      });
      if (!mode) return true;
      const [width, height] = delivery.sizeOf(client(call), viewId);
      const { clippingRange: _, ...camera } = drag({ ...view.camera, clippingRange: [0.01, 1000] }, mode, {
        x: x * width,
        y: y * height,
        lastX: previous.x * width,
        lastY: previous.y * height,
        width,
        height,
      });
      setCamera(viewId, camera);
      delivery.interact(viewId);
      // Kitware's clients ignore the result (VTK returns a bool); ours may ask for the scene time
      // to know which published frame first shows this event (bench/session measures latency so).
      return call.kwargs.mtime === true ? delivery.mtimeOf(viewId) : true;
    },
  );
  define(
    context,
    'viewport.mouse.zoom.wheel',
    'Wheel event {type: StartMouseWheel|MouseWheel|EndMouseWheel, spinY, view}: zooms by 1 − spinY/10.',
    [{ name: 'event', type: 'object' }],
    (call) => {
      const event = objectArgument(call, 0, 'event');
      const viewId = views.resolveId(event.view);
      if (event.type === 'EndMouseWheel') {
        delivery.interact(viewId, true);
        return true;
      }
      requireEditor(context, call);
      const spin = Number(event.spinY ?? 0);
      if (Number.isFinite(spin) && spin !== 0)
        setCamera(viewId, dollyCamera(views.get(viewId).camera, 1 / Math.max(0.1, 1 - spin / 10)));
      delivery.interact(viewId);
      return true;
    },
  );
  define(
    context,
    'viewport.camera.reset',
    'Fits the camera to the visible data; returns the view id.',
    [viewArg],
    (call) => {
      requireEditor(context, call);
      return resetTo(views.resolveId(call.args[0]), call);
    },
  );
  define(
    context,
    'viewport.camera.get',
    'The camera: {bounds, center, focal, up, position, viewAngle, parallelProjection, parallelScale}.',
    [viewArg],
    async (call) => {
      const view = views.get(call.args[0]);
      const actors = await asOperation(context, call, (operation) =>
        gatherActors(context.session, operation),
      );
      const bounds = sceneBounds(actors);
      return {
        bounds,
        center: [(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2, (bounds[4] + bounds[5]) / 2],
        focal: view.camera.focalPoint,
        up: view.camera.viewUp,
        position: view.camera.position,
        viewAngle: view.camera.viewAngle,
        parallelProjection: view.camera.parallelProjection,
        parallelScale: view.camera.parallelScale,
      };
    },
  );
  define(
    context,
    'viewport.camera.update',
    'Sets the camera: [view, focalPoint, viewUp, position].',
    [
      viewArg,
      { name: 'focalPoint', type: 'number[3]' },
      { name: 'viewUp', type: 'number[3]' },
      { name: 'position', type: 'number[3]' },
    ],
    (call) => {
      requireEditor(context, call);
      const [, focalPoint, viewUp, position] = call.args;
      if (!isVector3(focalPoint) || !isVector3(viewUp) || !isVector3(position))
        throw new PropertyError(
          call.method,
          'camera',
          'focalPoint, viewUp and position must be three finite numbers each',
        );
      const viewId = views.resolveId(call.args[0]);
      setCamera(viewId, { ...views.get(viewId).camera, focalPoint, viewUp, position });
      delivery.invalidate(viewId);
      return { result: 'success' };
    },
  );
  define(
    context,
    'viewport.camera.update.params',
    'Sets camera parameters: [view, {focalPoint, viewUp, position, viewAngle, parallelProjection, parallelScale}].',
    [viewArg, { name: 'parameters', type: 'object' }],
    (call) => {
      requireEditor(context, call);
      const viewId = views.resolveId(call.args[0]);
      const parameters = objectArgument(call, 1, 'parameters');
      const camera = { ...views.get(viewId).camera };
      for (const name of ['focalPoint', 'viewUp', 'position'] as const)
        if (isVector3(parameters[name])) camera[name] = parameters[name];
      if (Number.isFinite(parameters.viewAngle))
        camera.viewAngle = Math.min(179, Math.max(1, Number(parameters.viewAngle)));
      if (Number.isFinite(parameters.parallelScale)) camera.parallelScale = Number(parameters.parallelScale);
      if (typeof parameters.parallelProjection === 'boolean')
        camera.parallelProjection = parameters.parallelProjection;
      setCamera(viewId, camera);
      delivery.invalidate(viewId);
      return { result: 'success' };
    },
  );
  define(
    context,
    'viewport.size.update',
    'Sets the view size for this client: [view, width, height].',
    [viewArg, { name: 'width' }, { name: 'height' }],
    (call) => {
      const viewId = views.resolveId(call.args[0]);
      delivery.setSize(
        client(call),
        viewId,
        numberArgument(call, 1, 'width', 500),
        numberArgument(call, 2, 'height', 500),
      );
      delivery.push(client(call), viewId);
      return { result: 'success' };
    },
  );
  for (const [name, field] of [
    ['viewport.axes.orientation.visibility.update', 'orientationAxesVisibility'],
    ['viewport.axes.center.visibility.update', 'centerAxesVisibility'],
  ] as const)
    define(
      context,
      name,
      'Shows or hides the axes: [view, showAxis].',
      [viewArg, { name: 'showAxis', type: 'boolean' }],
      (call) => {
        requireEditor(context, call);
        const view = views.get(call.args[0]);
        view[field] = call.args[1] === undefined ? true : Boolean(call.args[1]);
        delivery.invalidate(view.id);
        return { result: 'success' };
      },
    );

  const screenshot = async (call: MethodCall, options: Record<string, unknown>) => {
    if (!renderer) throw new PeriscopeError('LIMIT', 'this session has no renderer backend');
    const view = views.get(options.view);
    const width = Math.round(Number(options.width ?? (Array.isArray(options.size) ? options.size[0] : 400)));
    const height = Math.round(
      Number(options.height ?? (Array.isArray(options.size) ? options.size[1] : 400)),
    );
    for (const [name, value] of [
      ['width', width],
      ['height', height],
    ] as const)
      if (!Number.isInteger(value) || value < 1 || value > MAX_SCREENSHOT_EDGE)
        throw new PropertyError(call.method, name, `must be an integer in [1, ${MAX_SCREENSHOT_EDGE}]`);
    return asOperation(context, call, async (operation) => {
      const actors = await gatherActors(context.session, operation);
      if (!view.cameraInitialized) setCamera(view.id, resetCamera(view.camera, sceneBounds(actors)));
      const started = performance.now();
      const frame = await renderer({
        viewId: view.id,
        width,
        height,
        quality: Math.min(100, Math.max(1, Number(options.quality ?? 95))),
        interactive: false,
        view,
        actors,
        format: options.format === 'png' ? 'png' : 'jpeg',
        annotations: context.collaboration.annotations(),
      });
      return { frame, workTime: Math.round(performance.now() - started), view: view.id };
    });
  };
  define(
    context,
    'periscope.screenshot',
    'Renders the view at any size: [{view, width, height, format: "png"|"jpeg", quality}] → {image, format, size}.',
    [{ name: 'options', type: '{view?, width, height, format?, quality?}' }],
    async (call) => {
      const { frame } = await screenshot(call, objectArgument(call, 0, 'options'));
      return { image: frame.image, format: frame.format, size: [frame.width, frame.height] };
    },
  );
  define(
    context,
    'viewport.image.render',
    'Legacy pull render: [{view, size, quality, localTime}] → {image: base64, format: "jpeg;base64", …}.',
    [{ name: 'options', type: '{view, size, quality?, localTime?}' }],
    async (call) => {
      const options = objectArgument(call, 0, 'options');
      const { frame, workTime, view } = await screenshot(call, {
        ...options,
        format: 'jpeg',
        quality: options.quality ?? 100,
      });
      return {
        image: Buffer.from(frame.image).toString('base64'),
        format: 'jpeg;base64',
        stale: false,
        mtime: Date.now(),
        size: [frame.width, frame.height],
        global_id: view,
        localTime: Number(options.localTime ?? 0),
        workTime,
      };
    },
  );
  define(
    context,
    'periscope.pick',
    "What lies under a point of the view: [{view, x, y}] with x, y in 0..1 from the bottom-left (as mouse events), at this client's view size → null or {node, name, cellId, pointId (of the rendered surface), worldPosition, probe: nearest data point and its point arrays}.",
    [{ name: 'options', type: '{view?, x, y}' }],
    async (call) => {
      const pick = renderer?.pick;
      if (!pick) throw new PeriscopeError('LIMIT', 'this session has no renderer backend that can pick');
      const options = objectArgument(call, 0, 'options');
      const x = Number(options.x);
      const y = Number(options.y);
      if (!Number.isFinite(x) || !Number.isFinite(y) || x < 0 || x > 1 || y < 0 || y > 1)
        throw new PropertyError(call.method, 'x', 'x and y must be numbers in [0, 1]');
      const view = views.get(options.view);
      const [width, height] = delivery.sizeOf(client(call), view.id);
      return asOperation(context, call, async (operation) => {
        const actors = await gatherActors(context.session, operation);
        if (!view.cameraInitialized) setCamera(view.id, resetCamera(view.camera, sceneBounds(actors)));
        const picked = await pick({
          viewId: view.id,
          width,
          height,
          interactive: false,
          view,
          actors,
          x: Math.min(width - 1, Math.floor(x * width)),
          y: Math.min(height - 1, Math.floor((1 - y) * height)),
        });
        if (!picked) return null;
        const actor = actors.find((candidate) => candidate.node.id === picked.node.id);
        return {
          node: picked.node.id,
          name: picked.node.name,
          cellId: picked.cellId,
          pointId: picked.pointId ?? null,
          worldPosition: picked.worldPosition,
          probe: actor ? probe(actor.data, picked.worldPosition) : null,
        };
      });
    },
  );
  define(context, 'periscope.view.list', 'Every view with its camera.', [], () => views.list());
  define(context, 'periscope.view.create', 'Adds a render view; returns it.', [], (call) => {
    requireEditor(context, call);
    return views.create();
  });
  define(context, 'periscope.view.remove', 'Removes a view (not the default one).', [viewArg], (call) => {
    requireEditor(context, call);
    views.remove(call.args[0]);
    return null;
  });
}
