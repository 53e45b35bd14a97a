/**
 * One session: a wslink-compatible protocol server on `/ws` carrying the visualization API
 * (Kitware's method names and ours), the shared pipeline, views, image delivery,
 * collaboration and plugins. `startSessionServer` returns once clients can connect.
 *
 * Topics published: `viewport.image.push.subscription` (frames), `periscope.pipeline.changed`,
 * `periscope.view.changed`, `periscope.collaboration.changed`, `periscope.progress` and
 * ParaView's `paraview.progress`.
 */
import { stat } from 'node:fs/promises';
import { type Logger, pino } from 'pino';
import { FileNotFoundError } from '../errors.js';
import {
  createProtocolServer,
  type ListenAddress,
  type ProtocolServer,
  type ProtocolServerProps,
} from '../protocol/index.js';
import type { Role } from './collaboration.js';
import type { SceneRenderer } from './image-delivery/scene.js';
import type { PluginStatus } from './plugins.js';
import type { Session } from './session.js';

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
  /** Views in `auto` delivery render in the browser up to this many bytes of geometry (default 20 MiB). */
  localRenderThreshold?: number;
  /** Largest scene `periscope.geometry.get` delivers, in bytes (default 24 MiB). */
  maxGeometryBytes?: number;
  logger?: Logger;
  /**
   * Called as soon as the socket accepts connections, before the visualization API has loaded
   * (calls made meanwhile wait for it): where `periscope session` prints its ready line.
   */
  onListening?: (address: ListenAddress) => void;
  /** Protocol limits (message and frame sizes, backpressure, keep-alive, connections); defaults as `createProtocolServer`. */
  protocolLimits?: Pick<
    ProtocolServerProps,
    | 'maxFrameSize'
    | 'maxMessageSize'
    | 'maxPartialMessages'
    | 'sendHighWaterMark'
    | 'sendHardLimit'
    | 'heartbeatIntervalMs'
    | 'helloTimeoutMs'
    | 'maxConcurrentCalls'
    | 'maxConnections'
  >;
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
  // Checked before listening, so a wrong --data fails before the ready line.
  const directory = await stat(props.dataDirectory).catch(() => undefined);
  if (!directory) throw new FileNotFoundError(props.dataDirectory);
  if (!directory.isDirectory()) throw new FileNotFoundError(`${props.dataDirectory}/`);
  const protocol = createProtocolServer({
    ...props.protocolLimits,
    secret: props.secret ?? 'wslink-secret',
    host: props.host ?? '127.0.0.1',
    port: props.port ?? 0,
    logger,
  });
  // Calls that arrive before the API is installed wait for it; the import starts only once the
  // socket listens and the ready line is out, so module loading does not delay either.
  let loadApi: () => void = () => {};
  const api = new Promise<void>((resolve) => {
    loadApi = resolve;
  })
    .then(() => import('./session-api.js'))
    .then((module) => module.installSessionApi(protocol, props, logger));
  protocol.registerMethodsLater(api);
  const address = await protocol.listen();
  logger.info({ url: address.url }, 'session listening');
  props.onListening?.(address);
  loadApi();
  let installed: Awaited<typeof api>;
  try {
    installed = await api;
  } catch (error) {
    await protocol.close();
    throw error;
  }
  return {
    ...address,
    protocol,
    session: installed.session,
    plugins: installed.plugins,
    async close() {
      await installed.close();
      await protocol.close();
    },
  };
}
