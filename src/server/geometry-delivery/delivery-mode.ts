/**
 * Remote or local rendering, per view. A view's setting is `auto` (the default), `remote` or
 * `local`; `auto` renders in the browser while the scene's geometry is at most the session's
 * `localThreshold` bytes (ParaView's Remote Render Threshold, default 20 MiB) and on the server
 * above it. Whatever the setting, a scene over `maxBytes` cannot be delivered and is rendered
 * remotely.
 */
import { PropertyError } from '../../errors.js';
import { DELIVERY_MODES, type DeliveryChoice, type DeliveryMode, type GeometrySize } from './messages.js';

/** ParaView's default Remote Render Threshold (20 MB). */
export const DEFAULT_LOCAL_THRESHOLD = 20 * 1024 * 1024;
/**
 * Largest scene `periscope.geometry.get` delivers. Below the protocol's 32 MiB send hard limit,
 * so one reply cannot get a connection closed while image frames still sit in its socket.
 */
export const DEFAULT_MAX_GEOMETRY_BYTES = 24 * 1024 * 1024;

export function isDeliveryMode(value: unknown): value is DeliveryMode {
  return typeof value === 'string' && (DELIVERY_MODES as readonly string[]).includes(value);
}

export interface ChooseDeliveryProps {
  view: string;
  mode: DeliveryMode;
  size: GeometrySize;
  localThreshold: number;
  maxBytes: number;
  /** Why only the server can draw the scene (a volume is shown, say); forces remote rendering. */
  serverOnly?: string;
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 3 : 1)} MiB`;
}

export function chooseDelivery(props: ChooseDeliveryProps): DeliveryChoice {
  const { size, localThreshold, maxBytes, mode } = props;
  const base = { view: props.view, mode, size, localThreshold, maxBytes };
  if (size.bytes > maxBytes)
    return {
      ...base,
      use: 'remote',
      reason: `${mebibytes(size.bytes)} of geometry exceeds the delivery limit of ${mebibytes(maxBytes)}`,
    };
  if (props.serverOnly) return { ...base, use: 'remote', reason: props.serverOnly };
  if (mode !== 'auto') return { ...base, use: mode, reason: `view ${props.view} is set to ${mode}` };
  return size.bytes <= localThreshold
    ? {
        ...base,
        use: 'local',
        reason: `${mebibytes(size.bytes)} of geometry is within the local threshold of ${mebibytes(localThreshold)}`,
      }
    : {
        ...base,
        use: 'remote',
        reason: `${mebibytes(size.bytes)} of geometry exceeds the local threshold of ${mebibytes(localThreshold)}`,
      };
}

/** Each view's delivery setting (views never set are `auto`). */
export class DeliverySettings {
  readonly #modes = new Map<string, DeliveryMode>();

  get(viewId: string): DeliveryMode {
    return this.#modes.get(viewId) ?? 'auto';
  }

  set(viewId: string, mode: unknown): DeliveryMode {
    if (!isDeliveryMode(mode))
      throw new PropertyError(
        'view',
        'delivery',
        `must be one of ${DELIVERY_MODES.join(', ')}, got '${String(mode)}'`,
      );
    if (mode === 'auto') this.#modes.delete(viewId);
    else this.#modes.set(viewId, mode);
    return mode;
  }
}
