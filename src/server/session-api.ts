/**
 * The session's visualization API, installed on a listening protocol server: the pipeline,
 * views, image delivery, collaboration, plugins and their RPC methods. Imported lazily by
 * `startSessionServer` once the socket listens, so a session prints its ready line before it has
 * loaded the engine; calls that arrive meanwhile wait (`ProtocolServer.registerMethodsLater`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { PeriscopeError } from '../errors.js';
import type { ConnectionContext, ProtocolServer } from '../protocol/index.js';
import { Collaboration } from './collaboration.js';
import type { SessionContext } from './context.js';
import { DataDirectory } from './data-directory.js';
import { resetCamera } from './image-delivery/camera.js';
import { ImageDelivery } from './image-delivery/delivery.js';
import { gatherActors, type SceneRenderer, sceneBounds } from './image-delivery/scene.js';
import { Views } from './image-delivery/views.js';
import { registerCollaborationMethods } from './methods/collaboration.js';
import { registerGeometryMethods } from './methods/geometry.js';
import { registerParaViewMethods } from './methods/paraview.js';
import { registerPipelineMethods } from './methods/pipeline.js';
import { IMAGE_TOPIC, registerViewportMethods } from './methods/viewport.js';
import { Operations } from './operations.js';
import { loadPlugins, type PluginStatus } from './plugins.js';
import { Session } from './session.js';
import type { SessionServerProps } from './session-server.js';

export interface SessionApi {
  session: Session;
  plugins: PluginStatus[];
  close(): Promise<void>;
}

export async function installSessionApi(
  protocol: ProtocolServer,
  props: SessionServerProps,
  logger: Logger,
): Promise<SessionApi> {
  const dataDirectory = await DataDirectory.open(props.dataDirectory);
  const scratchDirectory = await mkdtemp(join(tmpdir(), 'periscope-session-'));
  const session = new Session({
    dataDirectory,
    filterContext: props.workers === undefined ? {} : { workers: props.workers },
  });
  const views = new Views();
  const collaboration = new Collaboration({ defaultRole: props.defaultRole });
  const connections = new Map<string, ConnectionContext>();
  const renderer = props.renderer ?? (props.cpuRenderer === false ? undefined : lazyCpuRenderer());

  const delivery = new ImageDelivery({
    logger,
    stillDelayMs: props.stillDelayMs,
    render: async (request) => {
      if (!renderer) throw new PeriscopeError('LIMIT', 'this session has no renderer backend');
      const view = views.get(request.viewId);
      const actors = await gatherActors(session);
      // The first data shown frames itself, as ParaView's Show + ResetCamera.
      if (!view.cameraInitialized && actors.length > 0) {
        view.camera = resetCamera(view.camera, sceneBounds(actors));
        view.cameraInitialized = true;
      }
      return renderer({
        ...request,
        view,
        actors,
        format: 'jpeg',
        annotations: collaboration.annotations(),
      });
    },
    publish: (clientId, viewId, payload) => {
      connections
        .get(clientId)
        ?.publish(IMAGE_TOPIC, payload, { droppable: true, coalesceKey: `image.${viewId}` });
    },
  });
  const operations = new Operations((event) => {
    protocol.publish('periscope.progress', event, {
      droppable: event.state === 'running',
      coalesceKey: `progress.${event.operation}`,
    });
    protocol.publish(
      'paraview.progress',
      { text: `${event.method} (${event.operation})`, progress: Math.round(event.progress * 100) },
      { droppable: true, coalesceKey: 'paraview.progress' },
    );
  });

  const context: SessionContext = {
    protocol,
    session,
    collaboration,
    views,
    delivery,
    operations,
    logger,
    scratchDirectory,
  };
  registerPipelineMethods(context);
  registerParaViewMethods(context);
  registerViewportMethods(context, renderer);
  registerCollaborationMethods(context);
  registerGeometryMethods(context, {
    localThreshold: props.localRenderThreshold,
    maxBytes: props.maxGeometryBytes,
  });

  session.onChange((change) => {
    protocol.publish('periscope.pipeline.changed', change);
    delivery.invalidate();
  });
  collaboration.onChange((change) => {
    if (change.kind === 'presence')
      for (const participant of change.participants) {
        const connection = connections.get(participant.clientId);
        if (connection) connection.role = participant.role;
      }
    const pointer = change.kind === 'pointer';
    protocol.publish('periscope.collaboration.changed', change, {
      droppable: pointer,
      ...(pointer && { coalesceKey: `pointer.${change.clientId}` }),
    });
  });
  const admit = (connection: ConnectionContext) => {
    connections.set(connection.clientId, connection);
    connection.role = collaboration.join(connection.clientId).role;
  };
  protocol.on('connect', admit);
  // Clients may have said hello while this module was loading.
  for (const connection of protocol.connections()) admit(connection);
  protocol.on('disconnect', ({ connection }) => {
    connections.delete(connection.clientId);
    delivery.removeClient(connection.clientId);
    collaboration.leave(connection.clientId);
  });

  const plugins = props.pluginsDirectory
    ? await loadPlugins(props.pluginsDirectory, { protocol, logger })
    : [];
  const started = Date.now();
  protocol.registerMethod('periscope.plugins.list', () => plugins, {
    description: 'Plugins found at start: {file, status: loaded|failed, name, version, registered | error}.',
  });
  protocol.registerMethod(
    'periscope.session.info',
    () => ({
      uptimeSeconds: (Date.now() - started) / 1000,
      memory: process.memoryUsage().rss,
      renderer: renderer !== undefined,
      nodes: session.nodes().length,
      participants: collaboration.participants().length,
      delivery: delivery.stats,
    }),
    {
      description:
        'Session facts: uptime, memory (RSS bytes), renderer availability, node and participant counts.',
    },
  );

  logger.info({ dataDirectory: dataDirectory.root }, 'session API ready');
  return {
    session,
    plugins,
    async close() {
      delivery.close();
      await rm(scratchDirectory, { recursive: true, force: true });
    },
  };
}

/** The CPU backend, loaded on the first frame so that sessions start without the renderer. */
function lazyCpuRenderer(): SceneRenderer {
  let instance: Promise<SceneRenderer> | undefined;
  const load = () => {
    instance ??= import('./image-delivery/cpu-renderer.js').then((module) => module.createCpuSceneRenderer());
    return instance;
  };
  const render: SceneRenderer = async (request) => (await load())(request);
  render.pick = async (request) => (await load()).pick?.(request);
  return render;
}
