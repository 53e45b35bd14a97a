/**
 * Worker side of the parallel rasterizer: each task draws a range of triangles of every actor
 * into its own colour/depth layer; the frame renderer keeps the nearest fragment per pixel.
 */
import { type Appearance, rasterizeLines, rasterizeTriangles } from './rasterize.js';

export interface PieceActor {
  clip: Float32Array;
  viewPositions: Float32Array;
  viewNormals: Float32Array | undefined;
  triangles: Uint32Array;
  triangleCells: Uint32Array;
  segments: Uint32Array;
  segmentCells: Uint32Array;
  lineWidth: number;
  drawTriangles: boolean;
  drawLines: boolean;
  appearance: Appearance;
}

export interface PieceInput {
  width: number;
  height: number;
  color: Uint8Array;
  depth: Float32Array;
  cellIds: Int32Array | undefined;
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
  const target = {
    width: input.width,
    height: input.height,
    color: input.color,
    depth: input.depth,
    cellIds: input.cellIds,
  };
  let drawn = 0;
  for (const actor of input.actors) {
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
  }
  return drawn;
}
