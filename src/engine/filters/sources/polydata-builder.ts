/** A small growable builder for the geometric sources (tens of points: clarity over speed). */
import { cellArrayFromLists } from '../../data/cell-array.js';
import { DataArray } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';

export class PolyDataBuilder {
  readonly points: number[] = [];
  readonly normals: number[] = [];
  readonly textureCoordinates: number[] = [];
  readonly verts: number[][] = [];
  readonly lines: number[][] = [];
  readonly polys: number[][] = [];

  /** Adds a point (with its normal and texture coordinate when given) and returns its id. */
  addPoint(x: readonly number[], normal?: readonly number[], tcoord?: readonly number[]): number {
    this.points.push(x[0], x[1], x[2]);
    if (normal) this.normals.push(normal[0], normal[1], normal[2]);
    if (tcoord) this.textureCoordinates.push(...tcoord);
    return this.points.length / 3 - 1;
  }

  build(arrays: { normals?: string; textureCoordinates?: string; tcoordComponents?: number } = {}): PolyData {
    const data = createPolyData({
      points: new DataArray({
        name: 'Points',
        values: Float32Array.from(this.points),
        numberOfComponents: 3,
      }),
      verts: cellArrayFromLists(this.verts),
      lines: cellArrayFromLists(this.lines),
      polys: cellArrayFromLists(this.polys),
    });
    if (arrays.normals) {
      data.pointData.setAttribute(
        'normals',
        new DataArray({
          name: arrays.normals,
          values: Float32Array.from(this.normals),
          numberOfComponents: 3,
        }),
      );
    }
    if (arrays.textureCoordinates) {
      data.pointData.setAttribute(
        'tcoords',
        new DataArray({
          name: arrays.textureCoordinates,
          values: Float32Array.from(this.textureCoordinates),
          numberOfComponents: arrays.tcoordComponents ?? 2,
        }),
      );
    }
    return data;
  }
}
