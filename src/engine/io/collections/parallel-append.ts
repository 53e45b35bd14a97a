/**
 * Appends the pieces of a parallel PolyData or UnstructuredGrid: points and cells are
 * concatenated in piece order with point ids offset, and duplicate points are kept, as VTK's
 * parallel readers do (cube.pvtp lists one 8-point cube twice: 16 points, 12 cells).
 */
import { ReadError } from '../../../errors.js';
import type { AnyArray } from '../../data/attributes.js';
import type { CellArray, IndexArray } from '../../data/cell-array.js';
import type { DataArray } from '../../data/data-array.js';
import {
  createPolyData,
  createUnstructuredGrid,
  type PolyData,
  type PolyhedronFaces,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import {
  allocateDeclared,
  checkPieces,
  copyTuples,
  installArrays,
  matchDeclaredArrays,
} from './parallel-arrays.js';
import { type ArrayDeclaration, PARALLEL_FORMAT, type ParallelHeader } from './parallel-header.js';

export type PointSetDataSet = PolyData | UnstructuredGrid;

export interface PointSetPiece {
  /** The piece's file, for messages. */
  file: string;
  data: PointSetDataSet;
}

const INT32_MAX = 0x7fffffff;

function indexArray(length: number, maxValue: number): IndexArray {
  return maxValue <= INT32_MAX ? new Int32Array(length) : new Float64Array(length);
}

/** Concatenates cell arrays, shifting point ids by each piece's first point. */
export function appendCellArrays(
  cells: readonly CellArray[],
  pointOffsets: readonly number[],
  totalPoints: number,
): CellArray {
  let numberOfCells = 0;
  let size = 0;
  for (const c of cells) {
    numberOfCells += c.offsets.length - 1;
    size += c.connectivity.length;
  }
  const offsets = indexArray(numberOfCells + 1, size);
  const connectivity = indexArray(size, totalPoints - 1);
  let cell = 0;
  let at = 0;
  cells.forEach((c, p) => {
    const shift = pointOffsets[p];
    const base = c.offsets[0];
    for (let i = 1; i < c.offsets.length; i++) offsets[++cell] = at + c.offsets[i] - base;
    for (let i = base; i < c.offsets[c.offsets.length - 1]; i++)
      connectivity[at++] = c.connectivity[i] + shift;
  });
  return { offsets, connectivity };
}

/**
 * Concatenates polyhedron face streams: ids inside the streams shift by the piece's first point,
 * and each cell's start into the concatenated stream shifts by the earlier pieces' stream lengths.
 */
function appendPolyhedronFaces(
  grids: readonly UnstructuredGrid[],
  pointOffsets: readonly number[],
  totalPoints: number,
): PolyhedronFaces | undefined {
  if (!grids.some((g) => g.polyhedronFaces)) return undefined;
  let size = 0;
  let numberOfCells = 0;
  for (const g of grids) {
    size += g.polyhedronFaces?.faces.length ?? 0;
    numberOfCells += g.cellTypes.length;
  }
  const faces = indexArray(size, Math.max(totalPoints - 1, size));
  const faceOffsets = indexArray(numberOfCells, size).fill(-1);
  let faceBase = 0;
  let cellBase = 0;
  grids.forEach((g, p) => {
    const source = g.polyhedronFaces;
    if (source) {
      faces.set(source.faces, faceBase);
      const shifted = new Uint8Array(source.faces.length);
      for (let c = 0; c < g.cellTypes.length; c++) {
        const start = source.faceOffsets[c];
        if (start < 0) continue;
        faceOffsets[cellBase + c] = faceBase + start;
        let at = start;
        const numberOfFaces = source.faces[at++];
        for (let f = 0; f < numberOfFaces && at < source.faces.length; f++) {
          const n = source.faces[at++];
          for (let k = 0; k < n && at < source.faces.length; k++, at++) {
            if (!shifted[at]) {
              shifted[at] = 1;
              faces[faceBase + at] += pointOffsets[p];
            }
          }
        }
      }
      faceBase += source.faces.length;
    }
    cellBase += g.cellTypes.length;
  });
  return { faces, faceOffsets };
}

function pointsDeclaration(header: ParallelHeader): ArrayDeclaration {
  return header.points ?? { name: '', dataType: undefined, numberOfComponents: 3 };
}

/** One dataset of the P-file's type holding every piece. */
export function appendPieces(
  header: ParallelHeader,
  pieces: readonly PointSetPiece[],
  parallelFile: string,
): PointSetDataSet {
  for (const piece of pieces) {
    if (piece.data.type !== header.dataType) {
      throw new ReadError(
        parallelFile,
        PARALLEL_FORMAT,
        `piece ${piece.file} is ${piece.data.type}, expected ${header.dataType}`,
      );
    }
  }
  const pointOffsets: number[] = [];
  let totalPoints = 0;
  for (const piece of pieces) {
    pointOffsets.push(totalPoints);
    totalPoints += piece.data.points.numberOfTuples;
  }

  const declaration = pointsDeclaration(header);
  const pointSources = pieces.map((p) => p.data.points);
  const files = pieces.map((p) => p.file);
  checkPieces(
    [declaration],
    pointSources.map((source) => [source]),
    'points',
    files,
    parallelFile,
  );
  const points = allocateDeclared(declaration, pointSources[0], totalPoints) as DataArray;
  points.name = pointSources[0]?.name ?? 'Points';
  for (let i = 0; i < pieces.length; i++) {
    copyTuples(points, pointOffsets[i], pointSources[i], 0, pointSources[i].numberOfTuples);
  }
  points.modified();

  const pointArrays = appendDeclared(
    header.pointData.arrays,
    pieces.map((p) =>
      matchDeclaredArrays(header.pointData.arrays, p.data.pointData, 'point', p.file, parallelFile),
    ),
    pieces,
    parallelFile,
    'point',
    (index) => [[0, pieces[index].data.points.numberOfTuples]],
  );

  let output: PointSetDataSet;
  // Cell data is laid out as the output's cells are: for PolyData all verts, then all lines,
  // polys and strips, so each piece contributes one segment per kind.
  let segments: (index: number) => [number, number][];
  if (header.dataType === 'PolyData') {
    const polys = pieces.map((p) => p.data as PolyData);
    const kinds = ['verts', 'lines', 'polys', 'strips'] as const;
    output = createPolyData({
      points,
      verts: appendCellArrays(
        polys.map((p) => p.verts),
        pointOffsets,
        totalPoints,
      ),
      lines: appendCellArrays(
        polys.map((p) => p.lines),
        pointOffsets,
        totalPoints,
      ),
      polys: appendCellArrays(
        polys.map((p) => p.polys),
        pointOffsets,
        totalPoints,
      ),
      strips: appendCellArrays(
        polys.map((p) => p.strips),
        pointOffsets,
        totalPoints,
      ),
    });
    const counts = polys.map((p) => kinds.map((k) => p[k].offsets.length - 1));
    segments = (index) => {
      const out: [number, number][] = [];
      let start = 0;
      for (let k = 0; k < kinds.length; k++) {
        out.push([start, counts[index][k]]);
        start += counts[index][k];
      }
      return out;
    };
    const orderedPieces = kinds.flatMap((_, k) => polys.map((_, index) => ({ index, k })));
    const cellArrays = appendDeclared(
      header.cellData.arrays,
      pieces.map((p) =>
        matchDeclaredArrays(header.cellData.arrays, p.data.cellData, 'cell', p.file, parallelFile),
      ),
      pieces,
      parallelFile,
      'cell',
      segments,
      orderedPieces,
    );
    installArrays(output.cellData, cellArrays, header.cellData);
  } else {
    const grids = pieces.map((p) => p.data as UnstructuredGrid);
    const cellTypes = new Uint8Array(grids.reduce((sum, g) => sum + g.cellTypes.length, 0));
    let at = 0;
    for (const g of grids) {
      cellTypes.set(g.cellTypes, at);
      at += g.cellTypes.length;
    }
    output = createUnstructuredGrid({
      points,
      cells: appendCellArrays(
        grids.map((g) => g.cells),
        pointOffsets,
        totalPoints,
      ),
      cellTypes,
      polyhedronFaces: appendPolyhedronFaces(grids, pointOffsets, totalPoints),
    });
    const cellArrays = appendDeclared(
      header.cellData.arrays,
      pieces.map((p) =>
        matchDeclaredArrays(header.cellData.arrays, p.data.cellData, 'cell', p.file, parallelFile),
      ),
      pieces,
      parallelFile,
      'cell',
      (index) => [[0, grids[index].cellTypes.length]],
    );
    installArrays(output.cellData, cellArrays, header.cellData);
  }
  installArrays(output.pointData, pointArrays, header.pointData);
  for (const p of pieces) for (const array of p.data.fieldData.arrays) output.fieldData.add(array);
  return output;
}

/**
 * Concatenates the declared arrays of every piece. `segments(piece)` lists the [first tuple,
 * count] runs of a piece; `order` says in which order (piece, segment) runs are laid out in the
 * output (default: piece by piece, segments in order).
 */
function appendDeclared(
  declarations: readonly ArrayDeclaration[],
  sources: readonly AnyArray[][],
  pieces: readonly PointSetPiece[],
  parallelFile: string,
  association: 'point' | 'cell',
  segments: (index: number) => [number, number][],
  order?: readonly { index: number; k: number }[],
): AnyArray[] {
  checkPieces(
    declarations,
    sources,
    association,
    pieces.map((p) => p.file),
    parallelFile,
  );
  const runs = order ?? pieces.flatMap((_, index) => segments(index).map((__, k) => ({ index, k })));
  const bySegment = pieces.map((_, index) => segments(index));
  const total = runs.reduce((sum, r) => sum + bySegment[r.index][r.k][1], 0);
  return declarations.map((declaration, a) => {
    const target = allocateDeclared(declaration, sources[0]?.[a], total);
    let at = 0;
    for (const { index, k } of runs) {
      const [start, length] = bySegment[index][k];
      const source = sources[index][a];
      if (start + length > source.numberOfTuples) {
        throw new ReadError(
          parallelFile,
          PARALLEL_FORMAT,
          `piece ${pieces[index].file}: ${association} array '${declaration.name}' has ${source.numberOfTuples} tuples, too few for its ${association}s`,
        );
      }
      copyTuples(target, at, source, start, length);
      at += length;
    }
    return target;
  });
}
