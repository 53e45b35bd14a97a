/**
 * Joins the triangle fans the case tables make back into one polygon per cut cell, for Slice
 * with Triangulatetheslice off (VTK then emits the cut polygon of each cell).
 */
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { copyTuplesById } from '../attributes.js';

/** `sourceCells` gives the input cell of each output cell (verts, then lines, then polys). */
export function fansToPolygons(data: PolyData, sourceCells: Int32Array): PolyData {
  const { connectivity } = data.polys;
  const triangles = connectivity.length / 3;
  const before = sourceCells.length - triangles;
  const offsets: number[] = [0];
  const ids: number[] = [];
  const polygonCells: number[] = [];
  for (let t = 0; t < triangles; t++) {
    const a = connectivity[3 * t];
    const b = connectivity[3 * t + 1];
    const c = connectivity[3 * t + 2];
    const last = ids.length - 1;
    // A fan continues when the triangle comes from the same cell, shares the fan's first
    // point and starts where the previous one ended.
    const continues =
      t > 0 &&
      sourceCells[before + t] === sourceCells[before + t - 1] &&
      ids[offsets[offsets.length - 2]] === a &&
      ids[last] === b;
    if (continues) {
      ids.push(c);
      offsets[offsets.length - 1] = ids.length;
    } else {
      ids.push(a, b, c);
      offsets.push(ids.length);
      polygonCells.push(before + t);
    }
  }
  const output = createPolyData({
    points: data.points,
    verts: data.verts,
    lines: data.lines,
    polys: { offsets: Int32Array.from(offsets), connectivity: Int32Array.from(ids) },
  });
  for (const array of data.pointData.arrays) output.pointData.add(array);
  output.pointData.copyActiveFrom(data.pointData);
  const kept = Int32Array.from([...Array.from({ length: before }, (_, i) => i), ...polygonCells]);
  copyTuplesById(data.cellData, output.cellData, kept);
  return output;
}
