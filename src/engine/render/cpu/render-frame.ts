/**
 * The CPU backend's frame renderer: transforms every actor's vertices for the camera once, then
 * rasterises them over a solid or gradient background — on the calling thread for small scenes,
 * else across the worker pool: sort-last (default: each worker draws a share of the primitives
 * into its own layer, layers merged by depth) or by screen tiles drawn straight into shared
 * buffers (see tiles.ts). Returns RGBA8 pixels, window depth and cell/actor ids for picking.
 */
import { DataArray } from '../../data/data-array.js';
import { getDefaultPool, taskReference, type WorkerPool } from '../../workers/pool.js';
import { type Camera, multiplyMatrices, projectionMatrix, viewMatrix } from '../camera/camera.js';
import type { LookupTable } from '../color/lookup-table.js';
import { facingSides } from '../scene/closed-surface.js';
import type { RenderGeometry } from '../scene/geometry.js';
import { levelOfDetail } from '../scene/level-of-detail.js';
import { keepForRecycling, recycleFrame, takeFrameBuffers } from './frame-buffers.js';
import { headlight, lightKit, type PackedLights } from './lights.js';
import { drawOrientationAxes } from './orientation-axes.js';
import { type Appearance, rasterizeLines, rasterizeTriangles } from './rasterize.js';
import {
  type MergeInput,
  type PieceActor,
  type PieceInput,
  type TransformInput,
  transformPiece,
} from './rasterize.worker.js';
import { rasterizePoints } from './rasterize-points.js';
import { downsampleFrame } from './supersample.js';
import { type BinInput, offsetCount, type TileDrawInput, tileGrid } from './tiles.js';
import { compositeTranslucent } from './translucent.js';

export type RepresentationType =
  | 'Surface'
  | 'Surface With Edges'
  | 'Wireframe'
  | 'Points'
  | 'Outline'
  | 'Feature Edges';

export interface ActorProps {
  geometry: RenderGeometry;
  representation: RepresentationType;
  /** ParaView's DiffuseColor, 0–1. */
  diffuseColor: [number, number, number];
  /** ParaView's EdgeColor (Surface With Edges), 0–1. */
  edgeColor: [number, number, number];
  lineWidth: number;
  /** ParaView's PointSize in pixels (Points representation and vertex cells; default 2). */
  pointSize?: number;
  /** ParaView's RenderPointsAsSpheres: points as shaded discs. */
  renderPointsAsSpheres?: boolean;
  /** ParaView's Opacity (default 1); surfaces below 1 are depth-peeled (see translucent.ts). */
  opacity?: number;
  /** ParaView's Ambient, Diffuse, Specular and SpecularPower, with the Ambient/SpecularColor. */
  ambient?: number;
  ambientColor?: [number, number, number];
  diffuse?: number;
  specular?: number;
  specularPower?: number;
  specularColor?: [number, number, number];
  /**
   * Model → world transform, column-major 4×4 (vtkProp3D's matrix from Position, Orientation,
   * Scale and Origin; see scene/actor-transform.ts). Identity when absent.
   */
  modelMatrix?: Float64Array;
  /** Maps the geometry's scalars when it has them. */
  lookupTable?: LookupTable;
  /** Flat lighting even when the data has point normals (ParaView's Interpolation = Flat). */
  flat?: boolean;
  visibility?: boolean;
}

export interface FrameProps {
  width: number;
  height: number;
  camera: Camera;
  /** 0–1 RGB. */
  background: [number, number, number];
  /** Bottom colour of a vertical gradient (top is `background`), when set. */
  background2?: [number, number, number];
  actors: readonly ActorProps[];
  /** ParaView's light kit (default) or VTK's single headlight. */
  lighting?: 'lightkit' | 'headlight';
  /**
   * Anti-aliasing: render `supersample` times larger in each direction and box-filter down
   * (2 = 4 samples per pixel). Default 1 (off).
   */
  supersample?: number;
  /** Draw ParaView's orientation axes in the bottom-left corner (default off). */
  orientationAxes?: boolean;
  /** 'interactive' draws reduced geometry (vertex clustering) for big actors; default 'still'. */
  quality?: 'still' | 'interactive';
  /**
   * Most worker pieces; 1 renders on this thread. Default: the pool size. Scenes of fewer than
   * SMALL_SCENE_PRIMITIVES triangles, segments and points render on this thread whatever this
   * says: a round trip through the pool costs more than drawing them.
   */
  workers?: number;
  /**
   * How workers share a frame: 'sort-last' (default) gives each worker a share of the
   * primitives and its own full-frame layer, merged by depth afterwards; 'tiles' bins primitives
   * to screen tiles (bands of 32 rows) and lets workers claim tiles and draw them straight into
   * shared frame buffers. Sort-last is the faster on two cores for million-triangle meshes
   * (binning costs about half a triangle's drawing there; see README). Tiles give exactly the
   * pixels of one thread.
   */
  parallelRasterization?: 'tiles' | 'sort-last';
  /**
   * Write the cell and actor ids that picking reads (default true). Frames that are only shown
   * (streamed, saved) skip them: two buffers fewer to clear and two stores fewer per pixel.
   * Scenes drawn by workers always carry them.
   */
  pickIds?: boolean;
  pool?: WorkerPool;
}

/** Below this many primitives a frame is drawn on the calling thread (see FrameProps.workers). */
export const SMALL_SCENE_PRIMITIVES = 20_000;

/**
 * The frame's buffers belong to the caller (on SharedArrayBuffers when workers drew them); a
 * caller done with them may hand them back for later frames with `recycleFrame`
 * (frame-buffers.ts).
 */
export interface Frame {
  width: number;
  height: number;
  rgba: Uint8Array;
  depth: Float32Array;
  /**
   * Source cell + 1 per pixel (0: background); `actorIds` says which actor. Absent when the frame
   * was drawn with `pickIds: false`.
   */
  cellIds?: Int32Array;
  actorIds?: Uint8Array;
  triangles: number;
}

export { recycleFrame };

const workerModule = new URL('./rasterize.worker.js', import.meta.url);
const transformTask = taskReference(workerModule, 'transformPiece');
const rasterTask = taskReference(workerModule, 'rasterizePiece');
const mergeTask = taskReference(workerModule, 'mergePiece');
const binTask = taskReference(workerModule, 'binPiece');
const drawTilesTask = taskReference(workerModule, 'drawTilePiece');

type PreparedActor = PieceActor;

interface VertexBuffers {
  clip: Float32Array;
  viewPositions: Float32Array;
  viewNormals: Float32Array | undefined;
  /** Held by a frame in flight (frames may overlap: one set each). */
  busy: boolean;
}

/**
 * Per-geometry transformed vertices, reused from frame to frame (only their contents change);
 * one set per use of the geometry by frames in flight, since actors sharing a geometry may have
 * different model matrices and overlapping frames different cameras.
 */
const vertexBuffers = new WeakMap<RenderGeometry, VertexBuffers[]>();

function leaseBuffers(geometry: RenderGeometry, leases: VertexBuffers[]): VertexBuffers {
  let list = vertexBuffers.get(geometry);
  if (!list) {
    list = [];
    vertexBuffers.set(geometry, list);
  }
  let buffers = list.find((candidate) => !candidate.busy);
  if (!buffers) {
    const n = geometry.positions.length / 3;
    buffers = {
      clip: new Float32Array(new SharedArrayBuffer(n * 16)),
      viewPositions: new Float32Array(new SharedArrayBuffer(n * 12)),
      viewNormals: geometry.normals ? new Float32Array(new SharedArrayBuffer(n * 12)) : undefined,
      busy: false,
    };
    list.push(buffers);
  }
  buffers.busy = true;
  leases.push(buffers);
  return buffers;
}

/** Determinant of the upper 3×3 of a column-major 4×4 matrix (negative: the matrix mirrors). */
function determinant3(m: Float64Array): number {
  return (
    m[0] * (m[5] * m[10] - m[9] * m[6]) -
    m[4] * (m[1] * m[10] - m[9] * m[2]) +
    m[8] * (m[1] * m[6] - m[5] * m[2])
  );
}

/**
 * Inverse transpose of the upper 3×3 of a column-major 4×4 matrix, as a column-major 4×4: what
 * carries normals when the model matrix scales unevenly.
 */
function normalMatrixOf(m: Float64Array): Float64Array {
  const [a, b, c] = [m[0], m[4], m[8]];
  const [d, e, f] = [m[1], m[5], m[9]];
  const [g, h, i] = [m[2], m[6], m[10]];
  const determinant = determinant3(m);
  const k = determinant === 0 ? 0 : 1 / determinant;
  const out = new Float64Array(16);
  // (M⁻¹)ᵀ = cofactor matrix / det, stored column-major: element (row r, column c) at c * 4 + r.
  out[0] = (e * i - f * h) * k;
  out[4] = -(d * i - f * g) * k;
  out[8] = (d * h - e * g) * k;
  out[1] = -(b * i - c * h) * k;
  out[5] = (a * i - c * g) * k;
  out[9] = -(a * h - b * g) * k;
  out[2] = (b * f - c * e) * k;
  out[6] = -(a * f - c * d) * k;
  out[10] = (a * e - b * d) * k;
  out[15] = 1;
  return out;
}

function transformInputs(
  geometry: RenderGeometry,
  view: Float64Array,
  viewProjection: Float64Array,
  pieces: number,
  leases: VertexBuffers[],
  normalMatrix: Float64Array | undefined,
): TransformInput[] {
  const { clip, viewPositions, viewNormals } = leaseBuffers(geometry, leases);
  const n = geometry.positions.length / 3;
  return Array.from({ length: pieces }, (_, piece) => {
    const first = Math.floor((n * piece) / pieces);
    return {
      positions: geometry.positions,
      normals: geometry.normals,
      clip,
      viewPositions,
      viewNormals,
      view,
      viewProjection,
      normalMatrix,
      first,
      count: Math.floor((n * (piece + 1)) / pieces) - first,
    };
  });
}

function appearanceOf(actor: ActorProps, lights: PackedLights, parallelProjection: boolean): Appearance {
  const { geometry, lookupTable } = actor;
  const appearance: Appearance = {
    diffuseColor: actor.diffuseColor,
    lineColor: actor.representation === 'Surface With Edges' ? actor.edgeColor : actor.diffuseColor,
    flat: actor.flat,
    lights,
    lineDepthOffset: 1e-4,
    mapLineScalars: actor.representation !== 'Surface With Edges',
    ambient: actor.ambient,
    ambientColor: actor.ambientColor,
    diffuse: actor.diffuse,
    specular: actor.specular,
    specularPower: actor.specularPower,
    specularColor: actor.specularColor,
    parallelProjection,
  };
  if (lookupTable && geometry.scalars) {
    if (geometry.scalarAssociation === 'POINTS') {
      const size = lookupTable.buildTexture().length / 4 - 1;
      appearance.texture = lookupTable.buildTexture(size);
      appearance.textureSize = size;
      const coordinates = new Float32Array(new SharedArrayBuffer(geometry.scalars.length * 4));
      for (let i = 0; i < geometry.scalars.length; i++) {
        coordinates[i] = lookupTable.textureCoordinate(geometry.scalars[i], size);
      }
      appearance.vertexCoordinates = coordinates;
    } else {
      const colors = lookupTable.mapScalars(new DataArray({ name: 'scalars', values: geometry.scalars }), 0);
      const shared = new Uint8Array(new SharedArrayBuffer(colors.length));
      shared.set(colors);
      appearance.cellColors = shared;
    }
  }
  return appearance;
}

function prepare(
  actors: readonly ActorProps[],
  camera: Camera,
  aspect: number,
  pieces: number,
  lights: PackedLights,
  leases: VertexBuffers[],
  pool: WorkerPool,
): {
  prepared: PreparedActor[];
  transforms: TransformInput[];
  /** The prepared actor each transform input belongs to. */
  owners: PreparedActor[];
  translucent: PreparedActor[];
  opacities: Map<number, number>;
} {
  const view = viewMatrix(camera);
  const viewProjection = multiplyMatrices(projectionMatrix(camera, aspect), view);
  const prepared: PreparedActor[] = [];
  const transforms: TransformInput[] = [];
  const owners: PreparedActor[] = [];
  const translucent: PreparedActor[] = [];
  const opacities = new Map<number, number>();
  actors.forEach((actor, index) => {
    if (actor.visibility === false) return;
    const model = actor.modelMatrix;
    const actorView = model ? multiplyMatrices(view, model) : view;
    const inputs = transformInputs(
      actor.geometry,
      actorView,
      model ? multiplyMatrices(viewProjection, model) : viewProjection,
      pieces,
      leases,
      model ? normalMatrixOf(actorView) : undefined,
    );
    transforms.push(...inputs);
    const { clip, viewPositions, viewNormals } = inputs[0];
    const drawTriangles = actor.representation === 'Surface' || actor.representation === 'Surface With Edges';
    const opacity = Math.min(1, Math.max(0, actor.opacity ?? 1));
    const piece: PreparedActor = {
      index,
      clip,
      viewPositions,
      viewNormals,
      triangles: actor.geometry.triangles,
      triangleCells: actor.geometry.triangleCells,
      segments: actor.geometry.segments,
      segmentCells: actor.geometry.segmentCells,
      lineWidth: actor.lineWidth,
      points: actor.geometry.points,
      pointCells: actor.geometry.pointCells,
      pointSize: actor.pointSize ?? 2,
      renderPointsAsSpheres: actor.renderPointsAsSpheres ?? false,
      drawTriangles,
      drawLines: actor.geometry.segments.length > 0,
      drawPoints: actor.geometry.points.length > 0,
      appearance: appearanceOf(actor, lights, camera.parallelProjection),
    };
    // Translucent surfaces leave the opaque passes (their edges and points stay there).
    const isTranslucent = drawTriangles && opacity < 1;
    // Opaque closed surfaces skip triangles facing away, unless the near plane cuts them (below).
    const sides = drawTriangles && !isTranslucent ? facingSides(actor.geometry, pool) : undefined;
    const opaque: PreparedActor = isTranslucent
      ? { ...piece, drawTriangles: false }
      : sides
        ? { ...piece, cullSides: sides, cullSign: model && determinant3(model) < 0 ? -1 : 1 }
        : piece;
    prepared.push(opaque);
    for (let i = 0; i < inputs.length; i++) owners.push(opaque);
    if (isTranslucent) {
      translucent.push(piece);
      opacities.set(index, opacity);
    }
  });
  return { prepared, transforms, owners, translucent, opacities };
}

/**
 * Culling is exact only when no vertex lies behind the near plane: drops the cull sides of actors
 * a transform piece found otherwise.
 */
function keepCullingWhereInFront(owners: PreparedActor[], inFront: number[]): void {
  owners.forEach((owner, i) => {
    if (inFront[i] === 0) {
      owner.cullSides = undefined;
      owner.cullSign = undefined;
    }
  });
}

/** RGB (0–255) of every row: solid, or a vertical gradient from `top` to `bottom`. */
function backgroundRows(height: number, top: readonly number[], bottom?: readonly number[]): Uint8Array {
  const rows = new Uint8Array(height * 3);
  for (let y = 0; y < height; y++) {
    const t = bottom ? y / Math.max(1, height - 1) : 0;
    for (let k = 0; k < 3; k++)
      rows[3 * y + k] = Math.round(((1 - t) * top[k] + t * (bottom?.[k] ?? 0)) * 255);
  }
  return rows;
}

function fillBackground(rgba: Uint8Array, width: number, rows: Uint8Array) {
  const words = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.byteLength / 4);
  const bytes = new Uint8Array(4);
  const word = new Uint32Array(bytes.buffer);
  for (let y = 0; y < rows.length / 3; y++) {
    bytes.set([rows[3 * y], rows[3 * y + 1], rows[3 * y + 2], 255]);
    words.fill(word[0], y * width, (y + 1) * width);
  }
}

interface Layer {
  color: Uint8Array;
  depth: Float32Array;
  cellIds: Int32Array;
  actorIds: Uint8Array;
}

function sharedLayer(pixels: number): Layer {
  return {
    color: new Uint8Array(new SharedArrayBuffer(pixels * 4)),
    depth: new Float32Array(new SharedArrayBuffer(pixels * 4)),
    cellIds: new Int32Array(new SharedArrayBuffer(pixels * 4)),
    actorIds: new Uint8Array(new SharedArrayBuffer(pixels)),
  };
}

/**
 * Scratch that parallel frames reuse (allocating 30 MB of layers per frame costs more than
 * drawing): sort-last layers of one frame size, tile bins per piece. One set per frame in flight.
 */
interface Scratch {
  busy: boolean;
  pixels: number;
  layers: Layer[];
  /** Per piece: binning offsets and items (tiles.ts). */
  offsets: Uint32Array[];
  items: Uint32Array[];
  /** Next unclaimed tile. */
  nextTile: Int32Array;
}

const scratchSets: Scratch[] = [];

function leaseScratch(): Scratch {
  let scratch = scratchSets.find((candidate) => !candidate.busy);
  if (!scratch) {
    scratch = {
      busy: false,
      pixels: 0,
      layers: [],
      offsets: [],
      items: [],
      nextTile: new Int32Array(new SharedArrayBuffer(4)),
    };
    scratchSets.push(scratch);
  }
  scratch.busy = true;
  return scratch;
}

function layersFor(scratch: Scratch, pixels: number, count: number): Layer[] {
  if (scratch.pixels !== pixels) {
    scratch.pixels = pixels;
    scratch.layers = [];
  }
  while (scratch.layers.length < count) scratch.layers.push(sharedLayer(pixels));
  return scratch.layers;
}

/** Renders one frame. */
export async function renderFrame(props: FrameProps): Promise<Frame> {
  const factor = Math.max(1, Math.min(4, Math.round(props.supersample ?? 1)));
  if (factor > 1) {
    // Line widths and point sizes are in output pixels, so they grow with the samples.
    const large = await renderFrame({
      ...props,
      width: props.width * factor,
      height: props.height * factor,
      supersample: 1,
      orientationAxes: false,
      actors: props.actors.map((actor) => ({
        ...actor,
        lineWidth: actor.lineWidth * factor,
        pointSize: (actor.pointSize ?? 2) * factor,
      })),
    });
    // The axes are drawn at the output size, after filtering.
    const frame = downsampleFrame(large, factor);
    recycleFrame(large);
    if (props.orientationAxes) drawOrientationAxes(frame, props.camera);
    return frame;
  }
  const pool = props.pool ?? getDefaultPool();
  const actors =
    props.quality === 'interactive'
      ? props.actors.map((actor) => ({ ...actor, geometry: levelOfDetail(actor.geometry) }))
      : props.actors;
  const primitives = actors.reduce(
    (sum, { geometry, visibility }) =>
      visibility === false
        ? sum
        : sum + geometry.triangles.length / 3 + geometry.segments.length / 2 + geometry.points.length,
    0,
  );
  const pieces = primitives < SMALL_SCENE_PRIMITIVES ? 1 : Math.max(1, props.workers ?? pool.size);
  const leases: VertexBuffers[] = [];
  try {
    return await drawFrame(props, actors, pieces, pool, leases);
  } finally {
    for (const buffers of leases) buffers.busy = false;
  }
}

async function drawFrame(
  props: FrameProps,
  actors: readonly ActorProps[],
  pieces: number,
  pool: WorkerPool,
  leases: VertexBuffers[],
): Promise<Frame> {
  const { width, height } = props;
  const lights = props.lighting === 'headlight' ? headlight() : lightKit();
  const { prepared, transforms, owners, translucent, opacities } = prepare(
    actors,
    props.camera,
    width / height,
    pieces,
    lights,
    leases,
    pool,
  );
  const triangles = [...prepared, ...translucent].reduce(
    (sum, a) => sum + (a.drawTriangles ? a.triangles.length / 3 : 0),
    0,
  );
  const finish = (frame: Frame): Frame => {
    if (translucent.length > 0) compositeTranslucent({ ...frame, actors: translucent, opacities });
    if (props.orientationAxes) drawOrientationAxes(frame, props.camera);
    return frame;
  };
  const pixels = width * height;
  const rows = backgroundRows(height, props.background, props.background2);
  if (pieces <= 1) {
    keepCullingWhereInFront(
      owners,
      transforms.map((input) => transformPiece(input)),
    );
    const buffers = takeFrameBuffers(pixels, false);
    const { rgba, depth, recycled } = buffers;
    const ids = props.pickIds !== false;
    const cellIds = ids ? buffers.cellIds : undefined;
    const actorIds = ids ? buffers.actorIds : undefined;
    depth.fill(1);
    if (recycled) {
      cellIds?.fill(0);
      actorIds?.fill(0);
    }
    fillBackground(rgba, width, rows);
    if (!ids) keepForRecycling(rgba, buffers);
    const target = { width, height, color: rgba, depth, cellIds, actorIds, actorIndex: 0 };
    for (const actor of prepared) {
      target.actorIndex = actor.index;
      if (actor.drawTriangles) {
        rasterizeTriangles(
          target,
          { ...actor, first: 0, count: actor.triangles.length / 3 },
          actor.appearance,
        );
      }
      if (actor.drawLines) {
        rasterizeLines(
          target,
          {
            clip: actor.clip,
            segments: actor.segments,
            segmentCells: actor.segmentCells,
            first: 0,
            count: actor.segments.length / 2,
            lineWidth: actor.lineWidth,
          },
          actor.appearance,
        );
      }
      if (actor.drawPoints) {
        rasterizePoints(target, { ...actor, first: 0, count: actor.points.length }, actor.appearance);
      }
    }
    return finish({ width, height, rgba, depth, cellIds, actorIds, triangles });
  }
  keepCullingWhereInFront(
    owners,
    await Promise.all(transforms.map((input) => pool.run<number>(transformTask, input))),
  );
  const scratch = leaseScratch();
  try {
    const frame =
      props.parallelRasterization === 'tiles'
        ? await drawTiled(pool, scratch, prepared, pieces, width, height, rows)
        : await drawSortLast(pool, scratch, prepared, pieces, width, height, rows);
    return finish({ ...frame, triangles });
  } finally {
    scratch.busy = false;
  }
}

type Buffers = Pick<Frame, 'width' | 'height' | 'rgba' | 'depth' | 'cellIds' | 'actorIds'>;

/** Tiles: bin each piece's share of the primitives, then workers claim tiles and draw them. */
async function drawTiled(
  pool: WorkerPool,
  scratch: Scratch,
  prepared: PreparedActor[],
  pieces: number,
  width: number,
  height: number,
  background: Uint8Array,
): Promise<Buffers> {
  const grid = tileGrid(width, height);
  const offsets = offsetCount(grid, prepared.length);
  for (let piece = 0; piece < pieces; piece++) {
    if (scratch.offsets[piece]?.length !== offsets)
      scratch.offsets[piece] = new Uint32Array(new SharedArrayBuffer(offsets * 4));
    scratch.items[piece] ??= new Uint32Array(new SharedArrayBuffer(4));
  }
  const items = await Promise.all(
    Array.from({ length: pieces }, (_, piece) =>
      pool.run<Uint32Array>(binTask, {
        grid,
        actors: prepared,
        piece,
        pieces,
        offsets: scratch.offsets[piece],
        items: scratch.items[piece],
      } satisfies BinInput),
    ),
  );
  // Items that outgrew their array come back in a new one, kept for the next frames.
  items.forEach((array, piece) => {
    scratch.items[piece] = array;
  });
  // The frame's own buffers: shared, so workers clear and draw them in place.
  const { rgba, depth, cellIds, actorIds } = takeFrameBuffers(width * height);
  Atomics.store(scratch.nextTile, 0, 0);
  const bins = items.map((array, piece) => ({ offsets: scratch.offsets[piece], items: array }));
  await Promise.all(
    Array.from({ length: pieces }, () =>
      pool.run<number>(drawTilesTask, {
        grid,
        actors: prepared,
        bins,
        rgba,
        depth,
        cellIds,
        actorIds,
        background,
        nextTile: scratch.nextTile,
      } satisfies TileDrawInput),
    ),
  );
  return { width, height, rgba, depth, cellIds, actorIds };
}

/** Sort-last: triangle shares drawn into private layers, then row bands merged by depth. */
async function drawSortLast(
  pool: WorkerPool,
  scratch: Scratch,
  prepared: PreparedActor[],
  pieces: number,
  width: number,
  height: number,
  background: Uint8Array,
): Promise<Buffers> {
  const layers = layersFor(scratch, width * height, pieces);
  // Merged straight into the frame's own buffers (every pixel is written).
  const { rgba, depth, cellIds, actorIds } = takeFrameBuffers(width * height);
  await Promise.all(
    Array.from({ length: pieces }, (_, piece) =>
      pool.run<number>(rasterTask, {
        width,
        height,
        color: layers[piece].color,
        depth: layers[piece].depth,
        cellIds: layers[piece].cellIds,
        actorIds: layers[piece].actorIds,
        actors: prepared,
        piece,
        pieces,
      } satisfies PieceInput),
    ),
  );
  await Promise.all(
    Array.from({ length: pieces }, (_, piece) => {
      const firstRow = Math.floor((height * piece) / pieces);
      return pool.run<number>(mergeTask, {
        layers: layers.slice(0, pieces),
        rgba,
        depth,
        cellIds,
        actorIds,
        background,
        width,
        firstRow,
        rows: Math.floor((height * (piece + 1)) / pieces) - firstRow,
      } satisfies MergeInput);
    }),
  );
  return { width, height, rgba, depth, cellIds, actorIds };
}
