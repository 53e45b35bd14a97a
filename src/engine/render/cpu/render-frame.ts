/**
 * The CPU backend's frame renderer: transforms every actor's vertices for the camera once, then
 * rasterises triangles (split across the worker pool for big scenes, each worker drawing a share
 * of the triangles into its own layer, layers merged by depth) over a solid or gradient
 * background. Returns RGBA8 pixels, window depth and a cell-id buffer for picking.
 */
import { DataArray } from '../../data/data-array.js';
import { getDefaultPool, taskReference, type WorkerPool } from '../../workers/pool.js';
import { type Camera, multiplyMatrices, projectionMatrix, viewMatrix } from '../camera/camera.js';
import type { LookupTable } from '../color/lookup-table.js';
import type { RenderGeometry } from '../scene/geometry.js';
import { type Appearance, rasterizeLines, rasterizeTriangles } from './rasterize.js';
import type { PieceActor, PieceInput } from './rasterize.worker.js';

export type RepresentationType = 'Surface' | 'Surface With Edges' | 'Wireframe' | 'Points' | 'Outline';

export interface ActorProps {
  geometry: RenderGeometry;
  representation: RepresentationType;
  /** ParaView's DiffuseColor, 0–1. */
  diffuseColor: [number, number, number];
  /** ParaView's EdgeColor (Surface With Edges), 0–1. */
  edgeColor: [number, number, number];
  lineWidth: number;
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
  /** Worker pieces; 1 renders on this thread. Default: the pool size for scenes over 20k triangles. */
  workers?: number;
  pool?: WorkerPool;
}

export interface Frame {
  width: number;
  height: number;
  rgba: Uint8Array;
  depth: Float32Array;
  /** Source cell + 1 per pixel (0: background); `actorIds` says which actor. */
  cellIds: Int32Array;
  actorIds: Uint8Array;
  triangles: number;
}

const rasterTask = taskReference(new URL('./rasterize.worker.js', import.meta.url), 'rasterizePiece');

interface PreparedActor extends PieceActor {
  index: number;
}

function transformVertices(geometry: RenderGeometry, view: Float64Array, viewProjection: Float64Array) {
  const p = geometry.positions;
  const n = p.length / 3;
  const clip = new Float32Array(new SharedArrayBuffer(n * 16));
  const viewPositions = new Float32Array(new SharedArrayBuffer(n * 12));
  const m = viewProjection;
  const v = view;
  for (let i = 0; i < n; i++) {
    const x = p[3 * i];
    const y = p[3 * i + 1];
    const z = p[3 * i + 2];
    clip[4 * i] = m[0] * x + m[4] * y + m[8] * z + m[12];
    clip[4 * i + 1] = m[1] * x + m[5] * y + m[9] * z + m[13];
    clip[4 * i + 2] = m[2] * x + m[6] * y + m[10] * z + m[14];
    clip[4 * i + 3] = m[3] * x + m[7] * y + m[11] * z + m[15];
    viewPositions[3 * i] = v[0] * x + v[4] * y + v[8] * z + v[12];
    viewPositions[3 * i + 1] = v[1] * x + v[5] * y + v[9] * z + v[13];
    viewPositions[3 * i + 2] = v[2] * x + v[6] * y + v[10] * z + v[14];
  }
  let viewNormals: Float32Array | undefined;
  const normals = geometry.normals;
  if (normals) {
    // The view matrix is a rotation plus a translation, so it turns normals as it turns vectors.
    viewNormals = new Float32Array(new SharedArrayBuffer(n * 12));
    for (let i = 0; i < n; i++) {
      const x = normals[3 * i];
      const y = normals[3 * i + 1];
      const z = normals[3 * i + 2];
      viewNormals[3 * i] = v[0] * x + v[4] * y + v[8] * z;
      viewNormals[3 * i + 1] = v[1] * x + v[5] * y + v[9] * z;
      viewNormals[3 * i + 2] = v[2] * x + v[6] * y + v[10] * z;
    }
  }
  return { clip, viewPositions, viewNormals };
}

function appearanceOf(actor: ActorProps): Appearance {
  const { geometry, lookupTable } = actor;
  const appearance: Appearance = {
    diffuseColor: actor.diffuseColor,
    lineColor: actor.representation === 'Surface With Edges' ? actor.edgeColor : actor.diffuseColor,
    flat: actor.flat,
    lineDepthOffset: 1e-4,
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

function prepare(actors: readonly ActorProps[], camera: Camera, aspect: number): PreparedActor[] {
  const view = viewMatrix(camera);
  const viewProjection = multiplyMatrices(projectionMatrix(camera, aspect), view);
  const prepared: PreparedActor[] = [];
  actors.forEach((actor, index) => {
    if (actor.visibility === false) return;
    const { clip, viewPositions, viewNormals } = transformVertices(actor.geometry, view, viewProjection);
    const drawTriangles = actor.representation === 'Surface' || actor.representation === 'Surface With Edges';
    prepared.push({
      index,
      clip,
      viewPositions,
      viewNormals,
      triangles: actor.geometry.triangles,
      triangleCells: actor.geometry.triangleCells,
      segments: actor.geometry.segments,
      segmentCells: actor.geometry.segmentCells,
      lineWidth: actor.lineWidth,
      drawTriangles,
      drawLines: true,
      appearance: appearanceOf(actor),
    });
  });
  return prepared;
}

function fillBackground(rgba: Uint8Array, width: number, height: number, top: number[], bottom?: number[]) {
  for (let y = 0; y < height; y++) {
    const t = bottom ? y / Math.max(1, height - 1) : 0;
    const r = Math.round(((1 - t) * top[0] + t * (bottom?.[0] ?? 0)) * 255);
    const g = Math.round(((1 - t) * top[1] + t * (bottom?.[1] ?? 0)) * 255);
    const b = Math.round(((1 - t) * top[2] + t * (bottom?.[2] ?? 0)) * 255);
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      rgba[i] = r;
      rgba[i + 1] = g;
      rgba[i + 2] = b;
      rgba[i + 3] = 255;
    }
  }
}

function sharedLayer(width: number, height: number) {
  const pixels = width * height;
  const depth = new Float32Array(new SharedArrayBuffer(pixels * 4)).fill(1);
  return {
    color: new Uint8Array(new SharedArrayBuffer(pixels * 4)),
    depth,
    cellIds: new Int32Array(new SharedArrayBuffer(pixels * 4)),
  };
}

/** Renders one frame. */
export async function renderFrame(props: FrameProps): Promise<Frame> {
  const { width, height } = props;
  const prepared = prepare(props.actors, props.camera, width / height);
  const triangles = prepared.reduce((sum, a) => sum + (a.drawTriangles ? a.triangles.length / 3 : 0), 0);
  const pool = props.pool ?? getDefaultPool();
  const pieces = props.workers ?? (triangles > 20_000 ? pool.size : 1);
  const pixels = width * height;
  const rgba = new Uint8Array(pixels * 4);
  const depth = new Float32Array(pixels).fill(1);
  const cellIds = new Int32Array(pixels);
  const actorIds = new Uint8Array(pixels);
  fillBackground(rgba, width, height, props.background, props.background2);
  if (pieces <= 1) {
    // Drawn actor by actor so each pixel knows which actor won.
    for (const actor of prepared) {
      const layer = { width, height, color: rgba, depth, cellIds: new Int32Array(pixels) };
      const before = depth.slice();
      if (actor.drawTriangles) {
        rasterizeTriangles(
          layer,
          { ...actor, first: 0, count: actor.triangles.length / 3 },
          actor.appearance,
        );
      }
      if (actor.drawLines) {
        rasterizeLines(
          layer,
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
      for (let i = 0; i < pixels; i++) {
        if (depth[i] < before[i]) {
          cellIds[i] = layer.cellIds[i];
          actorIds[i] = actor.index;
        }
      }
    }
    return { width, height, rgba, depth, cellIds, actorIds, triangles };
  }
  const layers = Array.from({ length: pieces }, () => sharedLayer(width, height));
  await Promise.all(
    layers.map((layer, piece) =>
      pool.run<number>(rasterTask, {
        width,
        height,
        color: layer.color,
        depth: layer.depth,
        cellIds: layer.cellIds,
        actors: prepared,
        piece,
        pieces,
      } satisfies PieceInput),
    ),
  );
  // Keep the nearest fragment of every layer; ties go to the lower piece, so output is stable.
  for (const layer of layers) {
    const ld = layer.depth;
    const lc = layer.color;
    const li = layer.cellIds;
    for (let i = 0; i < pixels; i++) {
      const z = ld[i];
      if (z < depth[i]) {
        depth[i] = z;
        const o = 4 * i;
        rgba[o] = lc[o];
        rgba[o + 1] = lc[o + 1];
        rgba[o + 2] = lc[o + 2];
        rgba[o + 3] = 255;
        cellIds[i] = li[i];
      }
    }
  }
  if (prepared.length === 1)
    for (let i = 0; i < pixels; i++) if (cellIds[i] !== 0) actorIds[i] = prepared[0].index;
  return { width, height, rgba, depth, cellIds, actorIds, triangles };
}
