/**
 * Where clipped cells go, and the writers of each output cell kind, which fix the point order so
 * every cell has positive volume (VTK's orientation).
 */
import { CellType } from '../../data/cell-types.js';

/**
 * Where clipped cells go. Point references are encoded: a value ≥ 0 is an input point id, a
 * value < 0 is −(cut point index + 1).
 */
export interface ClipSink {
  /** The cut point on edge a–b (input point ids), created on first use. */
  cutPoint(a: number, b: number): number;
  /** A new point at the mean of `points` (encoded), with the mean of their data. */
  centroid(points: readonly number[]): number;
  /** Writes the position of an encoded point into out[o..o+2]. */
  position(point: number, out: Float64Array, o: number): void;
  cell(type: number, points: readonly number[]): void;
}

const scratch = new Float64Array(12);

export function orientation(sink: ClipSink, a: number, b: number, c: number, d: number): number {
  sink.position(a, scratch, 0);
  sink.position(b, scratch, 3);
  sink.position(c, scratch, 6);
  sink.position(d, scratch, 9);
  const ux = scratch[3] - scratch[0];
  const uy = scratch[4] - scratch[1];
  const uz = scratch[5] - scratch[2];
  const vx = scratch[6] - scratch[0];
  const vy = scratch[7] - scratch[1];
  const vz = scratch[8] - scratch[2];
  const wx = scratch[9] - scratch[0];
  const wy = scratch[10] - scratch[1];
  const wz = scratch[11] - scratch[2];
  return (uy * vz - uz * vy) * wx + (uz * vx - ux * vz) * wy + (ux * vy - uy * vx) * wz;
}

export function emitTetra(sink: ClipSink, p: number[]): void {
  if (orientation(sink, p[0], p[1], p[2], p[3]) < 0) [p[1], p[2]] = [p[2], p[1]];
  sink.cell(CellType.TETRA, p);
}

/** Wedge from bottom triangle p0 p1 p2 and the matching top p3 p4 p5. */
export function emitWedge(sink: ClipSink, p: number[]): void {
  if (orientation(sink, p[0], p[1], p[2], p[3]) < 0) {
    [p[1], p[2]] = [p[2], p[1]];
    [p[4], p[5]] = [p[5], p[4]];
  }
  sink.cell(CellType.WEDGE, p);
}

export function emitHexahedron(sink: ClipSink, p: number[]): void {
  if (orientation(sink, p[0], p[1], p[3], p[4]) < 0) {
    [p[1], p[3]] = [p[3], p[1]];
    [p[5], p[7]] = [p[7], p[5]];
  }
  sink.cell(CellType.HEXAHEDRON, p);
}

/** Pyramid over a quad base; the base is reversed when the apex is on its back side. */
export function emitPyramid(sink: ClipSink, base: number[], apex: number): void {
  if (
    orientation(sink, base[0], base[1], base[3], apex) + orientation(sink, base[2], base[3], base[1], apex) <
    0
  ) {
    [base[1], base[3]] = [base[3], base[1]];
  }
  sink.cell(CellType.PYRAMID, [...base, apex]);
}
