/**
 * Geometry delivery for rendering in the browser: a view's visible nodes as vtk.js-ready
 * pieces, every array named by its content hash, and a reply that carries only the arrays the
 * client does not hold (`have`). The client, not the server, remembers what it holds: the
 * server keeps no per-connection record, a reconnecting or cache-clearing client simply sends
 * fewer hashes, and two tabs of one user never confuse each other.
 */
import type { FilterContext } from '../../engine/filters/types.js';
import { LimitError, PropertyError } from '../../errors.js';
import { resetCamera } from '../image-delivery/camera.js';
import { gatherActors, sceneBounds } from '../image-delivery/scene.js';
import type { Views } from '../image-delivery/views.js';
import type { Session } from '../session.js';
import { contentHash, type DeliverableArray, wireTypeOf } from './content-hash.js';
import {
  chooseDelivery,
  DEFAULT_LOCAL_THRESHOLD,
  DEFAULT_MAX_GEOMETRY_BYTES,
  DeliverySettings,
} from './delivery-mode.js';
import type {
  DeliveryChoice,
  DeliveryMode,
  GeometryActor,
  GeometryPiece,
  GeometryScene,
  GeometrySize,
  PieceColoring,
  WireArray,
} from './messages.js';
import { type BuiltActor, type BuiltPiece, SceneGeometryBuilder } from './scene-geometry.js';

export interface GeometryDeliveryProps {
  session: Session;
  views: Views;
  /** `auto` views render locally up to this many bytes of geometry (default 20 MiB). */
  localThreshold?: number;
  /** Scenes over this many bytes are refused with PERISCOPE_E_LIMIT (default 24 MiB). */
  maxBytes?: number;
  /** Called when delivering a view first frames the data (the camera changed). */
  onCameraReset?: (viewId: string) => void;
}

/** Most hashes a client may list in `have`. */
const MAX_HAVE = 1_000_000;

interface DeliveredScene {
  actors: GeometryActor[];
  arrays: Map<string, DeliverableArray>;
  size: GeometrySize;
  bounds: number[];
}

export class GeometryDelivery {
  readonly localThreshold: number;
  readonly maxBytes: number;
  readonly settings = new DeliverySettings();
  readonly #session: Session;
  readonly #views: Views;
  readonly #builder = new SceneGeometryBuilder();
  readonly #onCameraReset: ((viewId: string) => void) | undefined;

  constructor(props: GeometryDeliveryProps) {
    this.#session = props.session;
    this.#views = props.views;
    this.localThreshold = checkedBytes('localThreshold', props.localThreshold ?? DEFAULT_LOCAL_THRESHOLD);
    this.maxBytes = checkedBytes('maxBytes', props.maxBytes ?? DEFAULT_MAX_GEOMETRY_BYTES);
    this.#onCameraReset = props.onCameraReset;
  }

  /** Which renderer `viewId` should use for its current geometry. */
  async choice(viewId: unknown, context: FilterContext = {}): Promise<DeliveryChoice> {
    const id = this.#views.resolveId(viewId);
    return this.#choose(id, (await this.#deliveredScene(context)).size);
  }

  setMode(viewId: unknown, mode: unknown): DeliveryMode {
    return this.settings.set(this.#views.resolveId(viewId), mode);
  }

  /**
   * The view's scene with only the arrays missing from `have`. Throws LimitError when the scene
   * is over `maxBytes`, PropertyError for a malformed `have`.
   */
  async scene(
    viewId: unknown,
    have: unknown = [],
    context: FilterContext = {},
  ): Promise<GeometryScene<DeliverableArray>> {
    const held = haveSet(have);
    const view = this.#views.get(viewId);
    const scene = await this.#deliveredScene(context);
    if (scene.size.bytes > this.maxBytes)
      throw new LimitError(
        `view ${view.id}: ${scene.size.bytes} bytes of geometry exceed the delivery limit of ${this.maxBytes} bytes ` +
          '(maxGeometryBytes, --geometry-limit); render this view remotely',
      );
    // The first data shown frames itself, as the image path does (ParaView's Show + ResetCamera).
    if (!view.cameraInitialized && scene.actors.length > 0) {
      view.camera = resetCamera(view.camera, scene.bounds);
      view.cameraInitialized = true;
      this.#onCameraReset?.(view.id);
    }
    const arrays: Record<string, WireArray<DeliverableArray>> = {};
    let sentBytes = 0;
    for (const [hash, array] of scene.arrays) {
      if (held.has(hash)) continue;
      arrays[hash] = { type: wireTypeOf(array), length: array.length, data: array };
      sentBytes += array.byteLength;
    }
    return {
      view: view.id,
      camera: structuredClone(view.camera),
      background: [...view.background],
      bounds: scene.bounds,
      actors: scene.actors,
      arrays,
      hashes: [...scene.arrays.keys()],
      delivery: this.#choose(view.id, scene.size),
      sentBytes,
    };
  }

  #choose(viewId: string, size: GeometrySize): DeliveryChoice {
    const volume = this.#session
      .nodes()
      .find((node) => node.representation.Visibility && node.representation.Representation === 'Volume');
    return chooseDelivery({
      view: viewId,
      mode: this.settings.get(viewId),
      size,
      ...(volume && { serverOnly: `${volume.name} is volume-rendered, which only the server does` }),
      localThreshold: this.localThreshold,
      maxBytes: this.maxBytes,
    });
  }

  /** Every view shows every visible node, so the scene is the same for all views but the camera. */
  async #deliveredScene(context: FilterContext): Promise<DeliveredScene> {
    const sceneActors = await gatherActors(this.#session, context);
    const arrays = new Map<string, DeliverableArray>();
    const size: GeometrySize = { bytes: 0, triangles: 0, lines: 0, points: 0 };
    const name = (array: DeliverableArray): string => {
      const hash = contentHash(array);
      if (!arrays.has(hash)) {
        arrays.set(hash, array);
        size.bytes += array.byteLength;
      }
      return hash;
    };
    const actors = sceneActors.map((actor) => toWireActor(this.#builder.build(actor), name, size));
    return { actors, arrays, size, bounds: sceneBounds(sceneActors) };
  }
}

function toWireActor(
  actor: BuiltActor,
  name: (array: DeliverableArray) => string,
  size: GeometrySize,
): GeometryActor {
  return {
    node: actor.node,
    name: actor.name,
    properties: actor.properties,
    pieces: actor.pieces.map((piece) => toWirePiece(piece, name, size)),
    ...(actor.colorMap && { colorMap: actor.colorMap }),
  };
}

function toWirePiece(
  piece: BuiltPiece,
  name: (array: DeliverableArray) => string,
  size: GeometrySize,
): GeometryPiece {
  if (piece.polys) size.triangles += piece.polys.length / 4;
  if (piece.lines) size.lines += piece.lines.length / 3;
  if (piece.verts) size.points += piece.verts.length / 2;
  const coloring: PieceColoring =
    piece.coloring.kind === 'point-texture'
      ? {
          kind: 'point-texture',
          coordinates: name(piece.coloring.coordinates),
          texture: name(piece.coloring.texture),
          textureWidth: piece.coloring.textureWidth,
        }
      : piece.coloring.kind === 'cell-rgba'
        ? { kind: 'cell-rgba', colors: name(piece.coloring.colors) }
        : { kind: 'solid' };
  return {
    role: piece.role,
    points: name(piece.points),
    ...(piece.normals && { normals: name(piece.normals) }),
    ...(piece.verts && { verts: name(piece.verts) }),
    ...(piece.lines && { lines: name(piece.lines) }),
    ...(piece.polys && { polys: name(piece.polys) }),
    coloring,
    numberOfPoints: piece.numberOfPoints,
    numberOfCells: piece.numberOfCells,
  };
}

function haveSet(have: unknown): Set<string> {
  if (!Array.isArray(have) || have.length > MAX_HAVE || !have.every((hash) => typeof hash === 'string'))
    throw new PropertyError(
      'periscope.geometry.get',
      'have',
      `must be an array of at most ${MAX_HAVE} hash strings`,
    );
  return new Set(have as string[]);
}

function checkedBytes(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0)
    throw new PropertyError(
      'geometry delivery',
      name,
      `must be a non-negative number of bytes, got ${value}`,
    );
  return value;
}
