/**
 * Consistency checks of cell topology read from a file, and the conversion of VTK XML's
 * polyhedron face layouts to the data model's (a legacy face stream per cell, found by its
 * start offset). Each check reports through `fail`, which the reader locates in the file.
 */
import type { CellArray, IndexArray } from '../../data/cell-array.js';
import { isKnownCellType } from '../../data/cell-types.js';
import type { TypedArray } from '../../data/data-array.js';
import type { PolyhedronFaces } from '../../data/dataset.js';

export type CheckFailure = (detail: string) => never;

const KNOWN_CELL_TYPES = (() => {
  const known = new Uint8Array(256);
  for (let id = 0; id < 256; id++) known[id] = isKnownCellType(id) ? 1 : 0;
  return known;
})();

/** Offsets start at 0, never decrease and end at the connectivity length; ids name existing points. */
export function checkCellArray(cells: CellArray, numberOfPoints: number, fail: CheckFailure): void {
  checkOffsets(cells, fail);
  checkIds(cells.connectivity, numberOfPoints, 'connectivity', fail);
}

/** Offsets never decrease and end at the connectivity length. */
export function checkOffsets(cells: CellArray, fail: CheckFailure): void {
  const { offsets, connectivity } = cells;
  for (let i = 1; i < offsets.length; i++) {
    if (offsets[i] < offsets[i - 1]) {
      fail(`offsets[${i - 1}] = ${offsets[i]} is less than the previous offset ${offsets[i - 1]}`);
    }
  }
  const last = offsets[offsets.length - 1];
  if (last !== connectivity.length) {
    fail(`the last offset is ${last} but connectivity has ${connectivity.length} ids`);
  }
}

/** Every id is a point index in [0, numberOfPoints). */
export function checkIds(ids: IndexArray, numberOfPoints: number, what: string, fail: CheckFailure): void {
  if (ids instanceof Int32Array) {
    // One unsigned comparison catches negative ids too.
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] >>> 0 >= numberOfPoints)
        fail(`${what}[${i}] = ${ids[i]} is not a point id (${numberOfPoints} points)`);
    }
    return;
  }
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= numberOfPoints) {
      fail(`${what}[${i}] = ${ids[i]} is not a point id (${numberOfPoints} points)`);
    }
  }
}

/** Cell type ids as the data model keeps them, each a type VTK defines. */
export function toCellTypes(values: TypedArray, fail: CheckFailure): Uint8Array {
  const types = values instanceof Uint8Array ? values : new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const id = Number(values[i]);
    if (!(id >= 0 && id < 256 && KNOWN_CELL_TYPES[id])) fail(`types[${i}] = ${id} is not a VTK cell type`);
    types[i] = id;
  }
  return types;
}

/** Walks one legacy face stream [nFaces, n0, ids…, n1, ids…] from `start`; returns its end. */
function walkFaceStream(
  faces: IndexArray,
  start: number,
  limit: number,
  numberOfPoints: number,
  cell: number,
  fail: CheckFailure,
): number {
  const faceCount = faces[start];
  if (!(faceCount >= 0)) fail(`cell ${cell}: face count ${faceCount} is invalid`);
  let at = start + 1;
  for (let f = 0; f < faceCount; f++) {
    if (at >= limit) fail(`cell ${cell}: face ${f} runs past the end of its face stream`);
    const n = faces[at++];
    if (!(n >= 0) || at + n > limit)
      fail(`cell ${cell}: face ${f} claims ${n} points past the end of its stream`);
    for (let k = 0; k < n; k++, at++) {
      if (!(faces[at] >= 0 && faces[at] < numberOfPoints)) {
        fail(`faces[${at}] = ${faces[at]} is not a point id (${numberOfPoints} points)`);
      }
    }
  }
  return at;
}

/**
 * VTK XML `faces` + `faceoffsets` (the *end* of each polyhedron's stream, -1 for other cells)
 * → the data model's start offsets.
 */
export function polyhedronFacesFromStreams(
  faces: IndexArray,
  faceEnds: IndexArray,
  numberOfPoints: number,
  fail: CheckFailure,
): PolyhedronFaces {
  const starts: IndexArray =
    faces.length > 0x7fffffff ? new Float64Array(faceEnds.length) : new Int32Array(faceEnds.length);
  let previousEnd = 0;
  for (let cell = 0; cell < faceEnds.length; cell++) {
    const end = faceEnds[cell];
    if (end === -1) {
      starts[cell] = -1;
      continue;
    }
    if (end < previousEnd || end > faces.length) {
      fail(`faceoffsets[${cell}] = ${end} is outside [${previousEnd}, ${faces.length}]`);
    }
    const walked = walkFaceStream(faces, previousEnd, end, numberOfPoints, cell, fail);
    if (walked !== end) fail(`cell ${cell}: its face stream ends at ${walked}, faceoffsets says ${end}`);
    starts[cell] = previousEnd;
    previousEnd = end;
  }
  return { faces, faceOffsets: starts };
}

/**
 * The VTK ≥ 9.4 layout (face_connectivity/face_offsets, polyhedron_to_faces/polyhedron_offsets;
 * offsets with their leading 0) → legacy face streams.
 */
export function polyhedronFacesFromFaceLists(
  faceConnectivity: IndexArray,
  faceOffsets: IndexArray,
  polyhedronToFaces: IndexArray,
  polyhedronOffsets: IndexArray,
  numberOfCells: number,
  numberOfPoints: number,
  fail: CheckFailure,
): PolyhedronFaces {
  if (polyhedronOffsets.length !== numberOfCells + 1) {
    fail(`polyhedron_offsets has ${polyhedronOffsets.length - 1} entries for ${numberOfCells} cells`);
  }
  checkCellArray({ offsets: faceOffsets, connectivity: faceConnectivity }, numberOfPoints, fail);
  checkCellArray(
    { offsets: polyhedronOffsets, connectivity: polyhedronToFaces },
    faceOffsets.length - 1,
    (detail) =>
      fail(`polyhedron_to_faces: ${detail.replace('point id', 'face id').replace(' points)', ' faces)')}`),
  );
  let size = 0;
  for (let cell = 0; cell < numberOfCells; cell++) {
    const first = polyhedronOffsets[cell];
    const last = polyhedronOffsets[cell + 1];
    if (last === first) continue;
    size += 1;
    for (let k = first; k < last; k++) {
      const face = polyhedronToFaces[k];
      size += 1 + faceOffsets[face + 1] - faceOffsets[face];
    }
  }
  const wide = size > 0x7fffffff || numberOfPoints > 0x7fffffff;
  const faces: IndexArray = wide ? new Float64Array(size) : new Int32Array(size);
  const starts: IndexArray = wide ? new Float64Array(numberOfCells) : new Int32Array(numberOfCells);
  let at = 0;
  for (let cell = 0; cell < numberOfCells; cell++) {
    const first = polyhedronOffsets[cell];
    const last = polyhedronOffsets[cell + 1];
    if (last === first) {
      starts[cell] = -1;
      continue;
    }
    starts[cell] = at;
    faces[at++] = last - first;
    for (let k = first; k < last; k++) {
      const face = polyhedronToFaces[k];
      faces[at++] = faceOffsets[face + 1] - faceOffsets[face];
      for (let p = faceOffsets[face]; p < faceOffsets[face + 1]; p++) faces[at++] = faceConnectivity[p];
    }
  }
  return { faces, faceOffsets: starts };
}
