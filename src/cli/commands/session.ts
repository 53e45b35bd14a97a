/**
 * `periscope session --port P --data DIR [--secret S] [--host H] [--plugins DIR] [--viewers]`:
 * one session server, the process a launcher spawns. Prints `wslink: Starting factory` (the
 * launcher's ready line, PROTOCOL.md §6.3) once it accepts connections. The server modules are
 * imported only when the command runs, so other commands do not pay for them.
 */
import type { Command } from 'commander';
import { PropertyError } from '../../errors.js';

export const READY_LINE = 'wslink: Starting factory';

export interface SessionCommandOptions {
  port: number;
  data: string;
  secret?: string;
  host: string;
  plugins?: string;
  workers?: number;
  viewers?: boolean;
  localThreshold?: number;
  geometryLimit?: number;
  maxMessageSize?: number;
  maxConnections?: number;
  logLevel: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new PropertyError('session', '--port', `expected an integer in [0, 65535], got '${value}'`);
  return port;
}

function parsePositiveInteger(option: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new PropertyError('session', option, `expected a positive integer, got '${value}'`);
  return number;
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1)
    throw new PropertyError('session', '--workers', `expected a positive integer, got '${value}'`);
  return workers;
}

/** A byte count: an integer with an optional binary suffix (`20M`, `512K`, `1G`). */
export function parseByteSize(option: string, value: string): number {
  const match = /^(\d+)\s*([kmg]?)(?:i?b)?$/i.exec(value.trim());
  const bytes = match ? Number(match[1]) * 1024 ** ' kmg'.indexOf(match[2].toLowerCase() || ' ') : Number.NaN;
  if (!Number.isSafeInteger(bytes))
    throw new PropertyError(
      'session',
      option,
      `expected a byte count such as 20M, 512K or 1048576, got '${value}'`,
    );
  return bytes;
}

export async function runSession(options: SessionCommandOptions): Promise<void> {
  const [{ startSessionServer }, { pino }] = await Promise.all([
    import('../../server/session-server.js'),
    import('pino'),
  ]);
  // Logs go to stderr: stdout carries the ready line the launcher waits for.
  const logger = pino({ level: options.logLevel }, pino.destination(2));
  const server = await startSessionServer({
    dataDirectory: options.data,
    host: options.host,
    port: options.port,
    ...(options.secret !== undefined && { secret: options.secret }),
    ...(options.plugins !== undefined && { pluginsDirectory: options.plugins }),
    ...(options.workers !== undefined && { workers: options.workers }),
    ...(options.viewers && { defaultRole: 'viewer' as const }),
    ...(options.localThreshold !== undefined && { localRenderThreshold: options.localThreshold }),
    ...(options.geometryLimit !== undefined && { maxGeometryBytes: options.geometryLimit }),
    protocolLimits: {
      ...(options.maxMessageSize !== undefined && { maxMessageSize: options.maxMessageSize }),
      ...(options.maxConnections !== undefined && { maxConnections: options.maxConnections }),
    },
    logger,
    // The launcher may connect now: early calls wait for the API, which is still loading.
    onListening: () => process.stdout.write(`${READY_LINE}\n`),
  });
  logger.info({ url: server.url }, 'session ready');
  const stop = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function registerSessionCommand(program: Command): void {
  program
    .command('session')
    .description('run one visualization session server (wslink-compatible WebSocket on /ws)')
    .requiredOption('--port <port>', 'port to listen on (0: any free port)', parsePort)
    .requiredOption('--data <dir>', 'data directory; clients open files relative to it')
    .option('--secret <secret>', 'session secret clients send in wslink.hello (default: wslink-secret)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--plugins <dir>', 'load plugin modules (*.js, *.mjs) from this directory')
    .option('--workers <n>', 'split parallel filters into n pieces (default: one per core)', parseWorkers)
    .option('--viewers', 'clients after the first join as viewers (read-only) instead of editors')
    .option(
      '--local-threshold <bytes>',
      'views in auto delivery render in the browser up to this much geometry (default 20M)',
      (value) => parseByteSize('--local-threshold', value),
    )
    .option(
      '--geometry-limit <bytes>',
      'largest geometry delivered for local rendering (default 24M)',
      (value) => parseByteSize('--geometry-limit', value),
    )
    .option(
      '--max-message-size <bytes>',
      'largest message a client may send, after chunk reassembly (default 64M)',
      (value) => parseByteSize('--max-message-size', value),
    )
    .option(
      '--max-connections <n>',
      'most clients connected at once; more are refused with HTTP 503 (default 256)',
      (value) => parsePositiveInteger('--max-connections', value),
    )
    .option('--log-level <level>', 'pino log level on stderr', 'info')
    .action((options: SessionCommandOptions) => runSession(options));
}
