/**
 * Worker side of the parallel rasterizer. Tiled (default): tasks bin a share of the primitives
 * to screen tiles, then claim tiles and draw them into the shared frame. Sort-last: each task
 * draws a share of the primitives of every actor into its own colour/depth layer, and row bands
 * of the layers are merged by depth. Vertex transformation is shared by both.
 */
import { type Appearance, type RasterTarget, rasterizeLines, rasterizeTriangles } from './rasterize.js';
import { rasterizePoints } from './rasterize-points.js';
import { type BinInput, binPrimitives, drawTiles, type TileDrawInput } from './tiles.js';

export interface PieceActor {
  /** Position of the actor in the frame's actor list (written to the actor-id buffer). */
  index: number;
  clip: Float32Array;
  viewPositions: Float32Array;
  viewNormals: Float32Array | undefined;
  triangles: Uint32Array;
  triangleCells: Uint32Array;
  segments: Uint32Array;
  segmentCells: Uint32Array;
  lineWidth: number;
  points: Uint32Array;
  pointCells: Uint32Array;
  pointSize: number;
  renderPointsAsSpheres: boolean;
  drawTriangles: boolean;
  drawLines: boolean;
  drawPoints: boolean;
  appearance: Appearance;
  /** Triangles that may be skipped when facing away (see TriangleBatch.cullSides). */
  cullSides?: Int8Array;
  cullSign?: number;
}

export interface PieceInput {
  width: number;
  height: number;
  color: Uint8Array;
  depth: Float32Array;
  cellIds: Int32Array | undefined;
  /** Actor index of the front-most fragment per pixel (picking). */
  actorIds: Uint8Array | undefined;
  actors: PieceActor[];
  piece: number;
  pieces: number;
}

function range(total: number, piece: number, pieces: number): [number, number] {
  const first = Math.floor((total * piece) / pieces);
  return [first, Math.floor((total * (piece + 1)) / pieces) - first];
}

/** Draws this piece's share of every actor's triangles and segments. */
export function rasterizePiece(input: PieceInput): number {
  // Layers are reused between frames: clear this one here, in parallel with the others.
  input.depth.fill(1);
  input.cellIds?.fill(0);
  const target: RasterTarget = {
    width: input.width,
    height: input.height,
    color: input.color,
    depth: input.depth,
    cellIds: input.cellIds,
    actorIds: input.actorIds,
  };
  let drawn = 0;
  for (const actor of input.actors) {
    target.actorIndex = actor.index;
    if (actor.drawTriangles) {
      const [first, count] = range(actor.triangles.length / 3, input.piece, input.pieces);
      rasterizeTriangles(target, { ...actor, first, count }, actor.appearance);
      drawn += count;
    }
    if (actor.drawLines) {
      const [first, count] = range(actor.segments.length / 2, input.piece, input.pieces);
      rasterizeLines(
        target,
        {
          clip: actor.clip,
          segments: actor.segments,
          segmentCells: actor.segmentCells,
          first,
          count,
          lineWidth: actor.lineWidth,
        },
        actor.appearance,
      );
    }
    if (actor.drawPoints) {
      const [first, count] = range(actor.points.length, input.piece, input.pieces);
      rasterizePoints(target, { ...actor, first, count }, actor.appearance);
    }
  }
  return drawn;
}

export interface TransformInput {
  positions: Float32Array;
  normals: Float32Array | undefined;
  clip: Float32Array;
  viewPositions: Float32Array;
  viewNormals: Float32Array | undefined;
  view: Float64Array;
  viewProjection: Float64Array;
  /** Carries normals to view space instead of `view` (inverse transpose, for uneven scaling). */
  normalMatrix?: Float64Array;
  first: number;
  count: number;
}

/**
 * Transforms vertices [first, first + count) to clip and view space (normals by the view
 * rotation). Returns 1 when every one of them lies in front of the near plane, else 0.
 */
export function transformPiece(input: TransformInput): number {
  const { positions: p, clip, viewPositions, view: v, viewProjection: m, normals, viewNormals } = input;
  const nm = input.normalMatrix ?? v;
  const end = input.first + input.count;
  let front = 1;
  for (let i = input.first; i < end; i++) {
    const x = p[3 * i];
    const y = p[3 * i + 1];
    const z = p[3 * i + 2];
    const cz = m[2] * x + m[6] * y + m[10] * z + m[14];
    const cw = m[3] * x + m[7] * y + m[11] * z + m[15];
    clip[4 * i] = m[0] * x + m[4] * y + m[8] * z + m[12];
    clip[4 * i + 1] = m[1] * x + m[5] * y + m[9] * z + m[13];
    clip[4 * i + 2] = cz;
    clip[4 * i + 3] = cw;
    if (!(cz > -cw && cw > 0)) front = 0;
    viewPositions[3 * i] = v[0] * x + v[4] * y + v[8] * z + v[12];
    viewPositions[3 * i + 1] = v[1] * x + v[5] * y + v[9] * z + v[13];
    viewPositions[3 * i + 2] = v[2] * x + v[6] * y + v[10] * z + v[14];
  }
  if (normals && viewNormals) {
    for (let i = input.first; i < end; i++) {
      const x = normals[3 * i];
      const y = normals[3 * i + 1];
      const z = normals[3 * i + 2];
      viewNormals[3 * i] = nm[0] * x + nm[4] * y + nm[8] * z;
      viewNormals[3 * i + 1] = nm[1] * x + nm[5] * y + nm[9] * z;
      viewNormals[3 * i + 2] = nm[2] * x + nm[6] * y + nm[10] * z;
    }
  }
  return front;
}

export interface MergeInput {
  layers: { color: Uint8Array; depth: Float32Array; cellIds: Int32Array; actorIds: Uint8Array }[];
  rgba: Uint8Array;
  depth: Float32Array;
  cellIds: Int32Array;
  actorIds: Uint8Array;
  /** Background per row, RGB 0–255 (gradient already evaluated). */
  background: Uint8Array;
  width: number;
  firstRow: number;
  rows: number;
}

/**
 * Keeps, for rows [firstRow, firstRow + rows), the nearest fragment of every layer over the
 * background; ties go to the earlier layer, so the result does not depend on timing.
 */
export function mergePiece(input: MergeInput): number {
  const { layers, rgba, depth, cellIds, actorIds, background, width } = input;
  for (let y = input.firstRow; y < input.firstRow + input.rows; y++) {
    const r = background[3 * y];
    const g = background[3 * y + 1];
    const b = background[3 * y + 2];
    for (let i = y * width; i < (y + 1) * width; i++) {
      let best = 1;
      let from = -1;
      for (let l = 0; l < layers.length; l++) {
        const z = layers[l].depth[i];
        if (z < best) {
          best = z;
          from = l;
        }
      }
      const o = 4 * i;
      depth[i] = best;
      if (from < 0) {
        rgba[o] = r;
        rgba[o + 1] = g;
        rgba[o + 2] = b;
        cellIds[i] = 0;
        actorIds[i] = 0;
      } else {
        const c = layers[from].color;
        rgba[o] = c[o];
        rgba[o + 1] = c[o + 1];
        rgba[o + 2] = c[o + 2];
        cellIds[i] = layers[from].cellIds[i];
        actorIds[i] = layers[from].actorIds[i];
      }
      rgba[o + 3] = 255;
    }
  }
  return input.rows;
}

/** Bins this piece's share of the primitives to tiles (see tiles.ts); returns the items array. */
export function binPiece(input: BinInput): Uint32Array {
  return binPrimitives(input);
}

/** Claims and draws tiles until none is left (see tiles.ts); returns how many it drew. */
export function drawTilePiece(input: TileDrawInput): number {
  return drawTiles(input);
}
