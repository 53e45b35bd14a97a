/**
 * Places the pieces of a parallel structured dataset (ImageData, RectilinearGrid, StructuredGrid)
 * into the P-file's WholeExtent by their extents, as VTK's parallel readers do. Neighbouring pieces
 * share their boundary layer of points (fields.pvti: 832 piece points become 720 whole points), so
 * a point is written once per piece holding it and the later piece wins, like VTK. Unlike VTK,
 * pieces must cover the whole extent (VTK leaves uncovered values uninitialised) and shared
 * geometry must agree.
 */
import { ReadError } from '../../../errors.js';
import type { DataArray } from '../../data/data-array.js';
import {
  createImageData,
  createRectilinearGrid,
  createStructuredGrid,
  type Extent,
  type ImageData,
  type RectilinearGrid,
  type StructuredGrid,
} from '../../data/dataset.js';
import {
  dimensionsOf,
  numberOfCells as numberOfCellsIn,
  numberOfPoints as numberOfPointsIn,
} from '../../data/queries.js';
import {
  allocateDeclared,
  checkPieces,
  checkTupleCounts,
  copyTuples,
  installArrays,
  matchDeclaredArrays,
} from './parallel-arrays.js';
import { type ArrayDeclaration, PARALLEL_FORMAT, type ParallelHeader } from './parallel-header.js';
import {
  type Box,
  cellBox,
  cellLayout,
  contains,
  count,
  forEachRow,
  intersect,
  isEmpty,
  type Layout,
  pointLayout,
} from './structured-layout.js';

export type StructuredDataSet = ImageData | RectilinearGrid | StructuredGrid;

export interface StructuredPiece {
  /** The piece's file, for messages. */
  file: string;
  data: StructuredDataSet;
  /** The piece's extent as the P-file declares it; defaults to the piece's own extent. */
  declaredExtent?: Extent;
}

function extentText(extent: Extent | Box): string {
  return Array.isArray(extent)
    ? extent.join(' ')
    : [extent.lo[0], extent.hi[0], extent.lo[1], extent.hi[1], extent.lo[2], extent.hi[2]].join(' ');
}

function close(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= 1e-5 * scale;
}

/**
 * Copies geometry values (StructuredGrid points, RectilinearGrid coordinates) and checks that a
 * value written by an earlier piece agrees with this one.
 */
function copyGeometry(
  target: DataArray,
  covered: Uint8Array,
  targetTuple: number,
  source: DataArray,
  sourceTuple: number,
  tuples: number,
  onConflict: (tuple: number) => never,
): void {
  const n = target.numberOfComponents;
  for (let t = 0; t < tuples; t++) {
    const to = targetTuple + t;
    const from = sourceTuple + t;
    if (covered[to]) {
      let scale = 0;
      for (let c = 0; c < n; c++) scale = Math.max(scale, Math.abs(target.getComponent(to, c)));
      for (let c = 0; c < n; c++) {
        if (!close(target.getComponent(to, c), source.getComponent(from, c), Math.max(scale, 1e-12))) {
          onConflict(to);
        }
      }
    } else {
      covered[to] = 1;
    }
  }
  copyTuples(target, targetTuple, source, sourceTuple, tuples);
}

function checkImageGeometry(header: ParallelHeader, piece: StructuredPiece, parallelFile: string): void {
  const image = piece.data as ImageData;
  const spacing = header.spacing ?? image.spacing;
  const origin = header.origin ?? image.origin;
  const scale = Math.max(Math.abs(spacing[0]), Math.abs(spacing[1]), Math.abs(spacing[2]), 1e-30);
  for (let a = 0; a < 3; a++) {
    const originScale = scale + 0.1 * Math.abs(origin[a]);
    if (!close(image.spacing[a], spacing[a], scale) || !close(image.origin[a], origin[a], originScale)) {
      throw new ReadError(
        parallelFile,
        PARALLEL_FORMAT,
        `piece ${piece.file} has origin [${image.origin.join(' ')}] spacing [${image.spacing.join(' ')}] ` +
          `but the P-file has origin [${origin.join(' ')}] spacing [${spacing.join(' ')}]`,
      );
    }
  }
}

/** Assembles one dataset of the P-file's type spanning its WholeExtent. */
export function assembleStructuredPieces(
  header: ParallelHeader,
  pieces: readonly StructuredPiece[],
  parallelFile: string,
): StructuredDataSet {
  const whole = header.wholeExtent!;
  const wholePoints = pointLayout(whole);
  const wholeCells = cellLayout(whole);
  const numberOfPoints = wholePoints.dims[0] * wholePoints.dims[1] * wholePoints.dims[2];
  const numberOfCells =
    wholeCells.dims[0] * wholeCells.dims[1] * wholeCells.dims[2] * (numberOfPoints > 0 ? 1 : 0);

  // Where each piece goes, checked before anything is allocated from the (untrusted) WholeExtent.
  const placed = pieces.map((piece) => {
    if (piece.data.type !== header.dataType) {
      throw new ReadError(
        parallelFile,
        PARALLEL_FORMAT,
        `piece ${piece.file} is ${piece.data.type}, expected ${header.dataType}`,
      );
    }
    const own = piece.data.extent;
    const declared = piece.declaredExtent ?? own;
    if (!contains(own, declared)) {
      throw new ReadError(
        parallelFile,
        PARALLEL_FORMAT,
        `piece ${piece.file}: declared extent ${extentText(declared)} is not inside the piece's extent ${extentText(own)}`,
      );
    }
    if (header.dataType === 'ImageData') checkImageGeometry(header, piece, parallelFile);
    const points = intersect(declared, whole);
    for (let a = 0; a < 3; a++) {
      if (!isEmpty(points) && whole[2 * a] === whole[2 * a + 1] && own[2 * a] !== own[2 * a + 1]) {
        throw new ReadError(
          parallelFile,
          PARALLEL_FORMAT,
          `piece ${piece.file} extends along axis ${'ijk'[a]} which is flat in WholeExtent ${extentText(whole)}`,
        );
      }
    }
    return {
      piece,
      points,
      cells: cellBox(points, whole),
      layout: pointLayout(own),
      cellLayout: cellLayout(own),
    };
  });
  const provided = placed.reduce((sum, p) => sum + count(p.points), 0);
  if (provided < numberOfPoints) {
    throw new ReadError(
      parallelFile,
      PARALLEL_FORMAT,
      `pieces provide ${provided} points but WholeExtent ${extentText(whole)} has ${numberOfPoints}`,
    );
  }

  const first = pieces[0]?.data;
  const pointSources = pieces.map((p) =>
    matchDeclaredArrays(header.pointData.arrays, p.data.pointData, 'point', p.file, parallelFile),
  );
  const cellSources = pieces.map((p) =>
    matchDeclaredArrays(header.cellData.arrays, p.data.cellData, 'cell', p.file, parallelFile),
  );
  const files = pieces.map((p) => p.file);
  checkPieces(header.pointData.arrays, pointSources, 'point', files, parallelFile);
  checkPieces(header.cellData.arrays, cellSources, 'cell', files, parallelFile);
  pieces.forEach((piece, i) => {
    checkTupleCounts(pointSources[i], numberOfPointsIn(piece.data), 'point', piece.file, parallelFile);
    checkTupleCounts(cellSources[i], numberOfCellsIn(piece.data), 'cell', piece.file, parallelFile);
  });
  const pointArrays = header.pointData.arrays.map((d, a) =>
    allocateDeclared(d, pointSources[0]?.[a], numberOfPoints),
  );
  const cellArrays = header.cellData.arrays.map((d, a) =>
    allocateDeclared(d, cellSources[0]?.[a], numberOfCells),
  );

  const pointCovered = new Uint8Array(numberOfPoints);
  const cellCovered = new Uint8Array(numberOfCells);
  placed.forEach((p, index) => {
    forEachRow(p.points, wholePoints, p.layout, (t, s, n) => {
      pointCovered.fill(1, t, t + n);
      for (let a = 0; a < pointArrays.length; a++)
        copyTuples(pointArrays[a], t, pointSources[index][a], s, n);
    });
    forEachRow(p.cells, wholeCells, p.cellLayout, (t, s, n) => {
      cellCovered.fill(1, t, t + n);
      for (let a = 0; a < cellArrays.length; a++) copyTuples(cellArrays[a], t, cellSources[index][a], s, n);
    });
  });
  const uncoveredPoint = pointCovered.indexOf(0);
  const uncoveredCell = cellCovered.indexOf(0);
  if (uncoveredPoint >= 0 || uncoveredCell >= 0) {
    const what = uncoveredPoint >= 0 ? `point ${uncoveredPoint}` : `cell ${uncoveredCell}`;
    throw new ReadError(
      parallelFile,
      PARALLEL_FORMAT,
      `pieces leave a gap in WholeExtent ${extentText(whole)} (${what} is in no piece)`,
    );
  }

  let output: StructuredDataSet;
  switch (header.dataType) {
    case 'ImageData': {
      const image = first as ImageData | undefined;
      output = createImageData({
        extent: whole,
        origin: header.origin ?? image?.origin,
        spacing: header.spacing ?? image?.spacing,
        direction: header.direction ?? image?.direction,
      });
      break;
    }
    case 'RectilinearGrid':
      output = assembleCoordinates(header, placed, whole, parallelFile);
      break;
    default:
      output = assemblePoints(header, placed, whole, numberOfPoints, parallelFile);
      break;
  }
  installArrays(output.pointData, pointArrays, header.pointData);
  installArrays(output.cellData, cellArrays, header.cellData);
  for (const p of pieces) for (const array of p.data.fieldData.arrays) output.fieldData.add(array);
  return output;
}

type Placed = { piece: StructuredPiece; points: Box; layout: Layout };

function geometryDeclaration(
  declaration: ArrayDeclaration | undefined,
  components: number,
): ArrayDeclaration {
  return declaration ?? { name: '', dataType: undefined, numberOfComponents: components };
}

function assembleCoordinates(
  header: ParallelHeader,
  placed: readonly Placed[],
  whole: Extent,
  parallelFile: string,
): RectilinearGrid {
  const dims = dimensionsOf(whole);
  const keys = ['xCoordinates', 'yCoordinates', 'zCoordinates'] as const;
  const axes = keys.map((key, a) => {
    const declaration = geometryDeclaration(header.coordinates?.[a], 1);
    const sources = placed.map((p) => (p.piece.data as RectilinearGrid)[key]);
    checkPieces(
      [declaration],
      sources.map((source) => [source]),
      'coordinates',
      placed.map((p) => p.piece.file),
      parallelFile,
    );
    const target = allocateDeclared(declaration, sources[0], dims[a]) as DataArray;
    if (sources[0]) target.name = sources[0].name;
    const covered = new Uint8Array(dims[a]);
    placed.forEach((p, i) => {
      if (isEmpty(p.points)) return;
      const start = p.points.lo[a];
      copyGeometry(
        target,
        covered,
        start - whole[2 * a],
        sources[i],
        start - p.layout.origin[a],
        p.points.hi[a] - start + 1,
        (tuple) => {
          throw new ReadError(
            parallelFile,
            PARALLEL_FORMAT,
            `piece ${p.piece.file}: ${'xyz'[a]} coordinate ${tuple + whole[2 * a]} differs from an earlier piece's`,
          );
        },
      );
    });
    target.modified();
    return target;
  });
  return createRectilinearGrid({
    extent: whole,
    xCoordinates: axes[0],
    yCoordinates: axes[1],
    zCoordinates: axes[2],
  });
}

function assemblePoints(
  header: ParallelHeader,
  placed: readonly Placed[],
  whole: Extent,
  numberOfPoints: number,
  parallelFile: string,
): StructuredGrid {
  const declaration = geometryDeclaration(header.points, 3);
  const sources = placed.map((p) => (p.piece.data as StructuredGrid).points);
  checkPieces(
    [declaration],
    sources.map((source) => [source]),
    'points',
    placed.map((p) => p.piece.file),
    parallelFile,
  );
  const points = allocateDeclared(declaration, sources[0], numberOfPoints) as DataArray;
  if (sources[0]) points.name = sources[0].name;
  const covered = new Uint8Array(numberOfPoints);
  const wholeLayout = pointLayout(whole);
  placed.forEach((p, i) => {
    forEachRow(p.points, wholeLayout, p.layout, (t, s, n) =>
      copyGeometry(points, covered, t, sources[i], s, n, (tuple) => {
        throw new ReadError(
          parallelFile,
          PARALLEL_FORMAT,
          `piece ${p.piece.file}: point ${tuple} differs from the same point in an earlier piece`,
        );
      }),
    );
  });
  points.modified();
  return createStructuredGrid({ extent: whole, points });
}
