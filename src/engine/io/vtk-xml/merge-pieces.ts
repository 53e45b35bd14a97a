/**
 * Joining the pieces of a multi-piece serial file (rare, but VTK writes them) into one dataset,
 * as VTK's serial readers do: points appended, cell ids shifted, attribute arrays concatenated.
 * Polydata cell data is reordered so all verts come first, then lines, polys and strips.
 */
import { type AnyArray, DataSetAttributes, StringArray } from '../../data/attributes.js';
import type { CellArray, IndexArray } from '../../data/cell-array.js';
import { numberOfCellsIn } from '../../data/cell-array.js';
import { allocateTypedArray, DataArray, type TypedArray } from '../../data/data-array.js';
import {
  createPolyData,
  createUnstructuredGrid,
  type PolyData,
  type PolyhedronFaces,
  type UnstructuredGrid,
} from '../../data/dataset.js';

/** Raised when pieces cannot be joined (their arrays differ); the reader adds the file name. */
export class PieceMismatchError extends Error {}

/** [piece, first tuple, tuple count] runs, in output order. */
type Runs = [number, number, number][];

function concatArray(arrays: AnyArray[], runs: Runs, what: string): AnyArray {
  const first = arrays[0];
  if (first instanceof StringArray) {
    const values: string[] = [];
    for (const [piece, start, count] of runs) {
      const array = arrays[piece];
      if (!(array instanceof StringArray)) throw new PieceMismatchError(`${what}: string in one piece only`);
      values.push(...array.values.slice(start, start + count));
    }
    return new StringArray(first.name, values);
  }
  const components = first.numberOfComponents;
  const total = runs.reduce((sum, [, , count]) => sum + count, 0);
  const values = allocateTypedArray(first.dataType, total * components);
  let at = 0;
  for (const [piece, start, count] of runs) {
    const array = arrays[piece];
    if (
      !(array instanceof DataArray) ||
      array.dataType !== first.dataType ||
      array.numberOfComponents !== components
    ) {
      throw new PieceMismatchError(`${what}: type or components differ between pieces`);
    }
    const part = array.values.subarray(start * components, (start + count) * components);
    (values as { set(a: TypedArray, offset: number): void }).set(part, at);
    at += count * components;
  }
  return new DataArray({
    name: first.name,
    values,
    numberOfComponents: components,
    componentNames: first.componentNames,
  });
}

function concatAttributes(parts: DataSetAttributes[], runs: Runs, what: string): DataSetAttributes {
  const out = new DataSetAttributes();
  const names = parts[0].names;
  for (const part of parts) {
    if (part.names.join('\u0000') !== names.join('\u0000')) {
      throw new PieceMismatchError(`${what}: pieces have different arrays ([${names}] vs [${part.names}])`);
    }
  }
  for (const name of names) {
    out.add(
      concatArray(
        parts.map((p) => p.get(name)!),
        runs,
        `${what} '${name}'`,
      ),
    );
  }
  out.copyActiveFrom(parts[0]);
  return out;
}

function wholeRuns(counts: number[]): Runs {
  return counts.map((count, piece) => [piece, 0, count]);
}

function concatPoints(points: DataArray[]): DataArray {
  return concatArray(points, wholeRuns(points.map((p) => p.numberOfTuples)), 'Points') as DataArray;
}

function indexArray(length: number, wide: boolean): IndexArray {
  return wide ? new Float64Array(length) : new Int32Array(length);
}

/** Cell arrays joined with point ids shifted by each piece's first point. */
function concatCells(cells: CellArray[], pointBases: number[]): CellArray {
  const cellCount = cells.reduce((sum, c) => sum + numberOfCellsIn(c), 0);
  const idCount = cells.reduce((sum, c) => sum + c.connectivity.length, 0);
  const lastPoint = pointBases[pointBases.length - 1];
  const wide = idCount > 0x7fffffff || lastPoint > 0x7fffffff;
  const offsets = indexArray(cellCount + 1, wide);
  const connectivity = indexArray(idCount, wide);
  let cellAt = 0;
  let idAt = 0;
  cells.forEach((piece, p) => {
    const base = pointBases[p];
    for (let i = 0; i < piece.connectivity.length; i++) connectivity[idAt + i] = piece.connectivity[i] + base;
    for (let c = 1; c < piece.offsets.length; c++) offsets[cellAt + c] = piece.offsets[c] + idAt;
    cellAt += numberOfCellsIn(piece);
    idAt += piece.connectivity.length;
  });
  return { offsets, connectivity };
}

function concatFaces(grids: UnstructuredGrid[], pointBases: number[]): PolyhedronFaces | undefined {
  if (!grids.some((g) => g.polyhedronFaces)) return undefined;
  const faceLength = grids.reduce((sum, g) => sum + (g.polyhedronFaces?.faces.length ?? 0), 0);
  const cellCount = grids.reduce((sum, g) => sum + g.cellTypes.length, 0);
  const wide = faceLength > 0x7fffffff || pointBases[pointBases.length - 1] > 0x7fffffff;
  const faces = indexArray(faceLength, wide);
  const faceOffsets = indexArray(cellCount, wide);
  let faceAt = 0;
  let cellAt = 0;
  grids.forEach((grid, p) => {
    const source = grid.polyhedronFaces;
    const base = pointBases[p];
    if (!source) {
      faceOffsets.fill(-1, cellAt, cellAt + grid.cellTypes.length);
    } else {
      for (let c = 0; c < grid.cellTypes.length; c++) {
        const start = source.faceOffsets[c];
        faceOffsets[cellAt + c] = start === -1 ? -1 : start + faceAt;
      }
      // Streams are [nFaces, n, ids…, n, ids…]: shift the ids, keep the counts.
      const stream = source.faces;
      let i = 0;
      while (i < stream.length) {
        const faceCount = stream[i];
        faces[faceAt + i] = faceCount;
        i++;
        for (let f = 0; f < faceCount; f++) {
          const n = stream[i];
          faces[faceAt + i] = n;
          i++;
          for (let k = 0; k < n; k++, i++) faces[faceAt + i] = stream[i] + base;
        }
      }
      faceAt += stream.length;
    }
    cellAt += grid.cellTypes.length;
  });
  return { faces, faceOffsets };
}

function pointBasesOf(points: DataArray[]): number[] {
  const bases = [0];
  for (const p of points) bases.push(bases[bases.length - 1] + p.numberOfTuples);
  return bases;
}

export function mergeUnstructuredPieces(pieces: UnstructuredGrid[]): UnstructuredGrid {
  if (pieces.length === 1) return pieces[0];
  const bases = pointBasesOf(pieces.map((p) => p.points));
  const cellTypes = new Uint8Array(pieces.reduce((sum, p) => sum + p.cellTypes.length, 0));
  let at = 0;
  for (const piece of pieces) {
    cellTypes.set(piece.cellTypes, at);
    at += piece.cellTypes.length;
  }
  const grid = createUnstructuredGrid({
    points: concatPoints(pieces.map((p) => p.points)),
    cells: concatCells(
      pieces.map((p) => p.cells),
      bases,
    ),
    cellTypes,
    polyhedronFaces: concatFaces(pieces, bases),
  });
  grid.pointData = concatAttributes(
    pieces.map((p) => p.pointData),
    wholeRuns(pieces.map((p) => p.points.numberOfTuples)),
    'PointData',
  );
  grid.cellData = concatAttributes(
    pieces.map((p) => p.cellData),
    wholeRuns(pieces.map((p) => p.cellTypes.length)),
    'CellData',
  );
  return grid;
}

const POLY_KEYS = ['verts', 'lines', 'polys', 'strips'] as const;

export function mergePolyPieces(pieces: PolyData[]): PolyData {
  if (pieces.length === 1) return pieces[0];
  const bases = pointBasesOf(pieces.map((p) => p.points));
  const cellRuns: Runs = [];
  const merged: Partial<Record<(typeof POLY_KEYS)[number], CellArray>> = {};
  for (const key of POLY_KEYS) {
    merged[key] = concatCells(
      pieces.map((p) => p[key]),
      bases,
    );
  }
  // Cell data follows VTK's cell order within each piece (verts, lines, polys, strips).
  for (let k = 0; k < POLY_KEYS.length; k++) {
    pieces.forEach((piece, p) => {
      let start = 0;
      for (let before = 0; before < k; before++) start += numberOfCellsIn(piece[POLY_KEYS[before]]);
      cellRuns.push([p, start, numberOfCellsIn(piece[POLY_KEYS[k]])]);
    });
  }
  const poly = createPolyData({ points: concatPoints(pieces.map((p) => p.points)), ...merged });
  poly.pointData = concatAttributes(
    pieces.map((p) => p.pointData),
    wholeRuns(pieces.map((p) => p.points.numberOfTuples)),
    'PointData',
  );
  poly.cellData = concatAttributes(
    pieces.map((p) => p.cellData),
    cellRuns,
    'CellData',
  );
  return poly;
}
