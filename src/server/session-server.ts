/**
 * One session: a wslink-compatible protocol server on `/ws` carrying the visualization API
 * (Kitware's method names and ours), the shared pipeline, views, image delivery,
 * collaboration and plugins. `startSessionServer` returns once clients can connect.
 *
 * Topics published: `viewport.image.push.subscription` (frames), `periscope.pipeline.changed`,
 * `periscope.view.changed`, `periscope.collaboration.changed`, `periscope.progress` and
 * ParaView's `paraview.progress`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Logger, pino } from 'pino';
import { PeriscopeError } from '../errors.js';
import { type ConnectionContext, createProtocolServer, type ProtocolServer } from '../protocol/index.js';
import { Collaboration, type Role } from './collaboration.js';
import type { SessionContext } from './context.js';
import { DataDirectory } from './data-directory.js';
import { resetCamera } from './image-delivery/camera.js';
import { ImageDelivery } from './image-delivery/delivery.js';
import { gatherActors, type SceneRenderer, sceneBounds } from './image-delivery/scene.js';
import { Views } from './image-delivery/views.js';
import { registerCollaborationMethods } from './methods/collaboration.js';
import { registerParaViewMethods } from './methods/paraview.js';
import { registerPipelineMethods } from './methods/pipeline.js';
import { IMAGE_TOPIC, registerViewportMethods } from './methods/viewport.js';
import { Operations } from './operations.js';
import { loadPlugins, type PluginStatus } from './plugins.js';
import { Session } from './session.js';

export interface SessionServerProps {
  /** Directory clients may read from; every client path is relative to it. */
  dataDirectory: string;
  /** Secret for `wslink.hello` (default `wslink-secret`, the wslink client's default). */
  secret?: string;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: an ephemeral port). */
  port?: number;
  /** Directory of plugin modules loaded at start. */
  pluginsDirectory?: string;
  /** The renderer backend (default: the CPU rasterizer). */
  renderer?: SceneRenderer;
  /** Set false to run without any renderer: image requests then fail with a clear error. */
  cpuRenderer?: boolean;
  /** Role of every client after the first (the owner); default `editor`. */
  defaultRole?: Exclude<Role, 'owner'>;
  /** Pieces parallel filters split into (default: one per core). */
  workers?: number;
  /** Quiet time after interaction before the still frame (default 200 ms). */
  stillDelayMs?: number;
  logger?: Logger;
}

export interface SessionServer {
  url: string;
  host: string;
  port: number;
  protocol: ProtocolServer;
  session: Session;
  plugins: PluginStatus[];
  close(): Promise<void>;
}

export async function startSessionServer(props: SessionServerProps): Promise<SessionServer> {
  const logger = props.logger ?? pino({ level: 'silent' });
  const dataDirectory = await DataDirectory.open(props.dataDirectory);
  const scratchDirectory = await mkdtemp(join(tmpdir(), 'periscope-session-'));
  const protocol = createProtocolServer({
    secret: props.secret ?? 'wslink-secret',
    host: props.host ?? '127.0.0.1',
    port: props.port ?? 0,
    logger,
  });
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
      return renderer({ ...request, view, actors, format: 'jpeg' });
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
  protocol.on('connect', (connection) => {
    connections.set(connection.clientId, connection);
    connection.role = collaboration.join(connection.clientId).role;
  });
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

  const address = await protocol.listen();
  logger.info({ url: address.url, dataDirectory: dataDirectory.root }, 'session listening');
  return {
    ...address,
    protocol,
    session,
    plugins,
    async close() {
      delivery.close();
      await protocol.close();
      await rm(scratchDirectory, { recursive: true, force: true });
    },
  };
}

/** The CPU backend, loaded on the first frame so that sessions start without the renderer. */
function lazyCpuRenderer(): SceneRenderer {
  let instance: Promise<SceneRenderer> | undefined;
  return async (request) => {
    instance ??= import('./image-delivery/cpu-renderer.js').then((module) => module.createCpuSceneRenderer());
    return (await instance)(request);
  };
}
