/**
 * STL writer: PolyData polygons and strips → triangles with facet normals, binary by default or
 * ASCII with `ascii: true`. Coordinates are stored as float32 (the only precision STL has); ASCII
 * numbers are printed with the fewest digits that read back to the same float32, so both encodings
 * round-trip bit for bit through `readStl`.
 */
import { open } from 'node:fs/promises';
import { isPeriscopeError, throwIfAborted, WriteError } from '../../../errors.js';
import type { DataObject, PolyData } from '../../data/dataset.js';
import type { FormatWriter, WriteOptions } from '../types.js';
import { type PointReader, TriangleList, triangulatePolygons, triangulateStrips } from './triangulate.js';

const HEADER = 'Periscope binary STL';

/** Triangle ids for every polygon and strip of `data` (vertices and lines have no STL form). */
export function triangulatePolyData(data: PolyData): Int32Array {
  const points = data.points;
  const point: PointReader = (id, axis) => points.getComponent(id, axis);
  const out = new TriangleList();
  triangulatePolygons(data.polys, point, out);
  triangulateStrips(data.strips, out);
  return out.toArray();
}

/**
 * Float32 coordinates of every triangle corner plus a unit facet normal per triangle, computed in
 * double precision from the float32 corners as vtkTriangle::ComputeNormal does.
 */
export function facetGeometry(
  data: PolyData,
  triangles: Int32Array,
): { corners: Float32Array; normals: Float32Array } {
  const pointCount = data.points.numberOfTuples;
  const values = data.points.values;
  const components = data.points.numberOfComponents;
  const count = triangles.length / 3;
  const corners = new Float32Array(count * 9);
  const normals = new Float32Array(count * 3);
  for (let t = 0; t < count; t++) {
    for (let k = 0; k < 3; k++) {
      const id = triangles[3 * t + k];
      if (!(id >= 0 && id < pointCount)) {
        throw new RangeError(`triangle ${t} refers to point ${id}, but there are ${pointCount} points`);
      }
      for (let a = 0; a < 3; a++) corners[9 * t + 3 * k + a] = Number(values[id * components + a]);
    }
    const c = 9 * t;
    const ax = corners[c + 6] - corners[c + 3];
    const ay = corners[c + 7] - corners[c + 4];
    const az = corners[c + 8] - corners[c + 5];
    const bx = corners[c] - corners[c + 3];
    const by = corners[c + 1] - corners[c + 4];
    const bz = corners[c + 2] - corners[c + 5];
    let nx = ay * bz - az * by;
    let ny = az * bx - ax * bz;
    let nz = ax * by - ay * bx;
    const length = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (length !== 0) {
      nx /= length;
      ny /= length;
      nz /= length;
    }
    normals[3 * t] = nx;
    normals[3 * t + 1] = ny;
    normals[3 * t + 2] = nz;
  }
  return { corners, normals };
}

/** The binary STL bytes for the given facets. */
export function encodeBinaryStl(corners: Float32Array, normals: Float32Array): Uint8Array {
  const count = normals.length / 3;
  const bytes = new Uint8Array(84 + 50 * count);
  bytes.fill(0x20, 0, 80);
  for (let i = 0; i < HEADER.length; i++) bytes[i] = HEADER.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, count, true);
  for (let t = 0; t < count; t++) {
    const base = 84 + 50 * t;
    for (let a = 0; a < 3; a++) view.setFloat32(base + 4 * a, normals[3 * t + a], true);
    for (let k = 0; k < 9; k++) view.setFloat32(base + 12 + 4 * k, corners[9 * t + k], true);
  }
  return bytes;
}

/** Drops trailing zeros of the significand ("0.5000000" → "0.5", "1.200000e+21" → "1.2e+21"). */
function trimZeros(text: string): string {
  const e = text.indexOf('e');
  const significand = e < 0 ? text : text.slice(0, e);
  if (!significand.includes('.')) return text;
  let end = significand.length;
  while (significand.charCodeAt(end - 1) === 48) end--;
  if (significand.charCodeAt(end - 1) === 46) end--;
  return significand.slice(0, end) + (e < 0 ? '' : text.slice(e));
}

/**
 * Decimal text that reads back (through a double) to exactly this float32: 7 significant digits
 * when they suffice (true of most values typed or exported as decimals), else 9, which always do.
 * Two tries instead of a search for the shortest keeps ASCII output fast.
 */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const short = value.toPrecision(7);
  if (Math.fround(Number(short)) === value) return trimZeros(short);
  return trimZeros(value.toPrecision(9));
}

/** ASCII STL text, produced in chunks of about `chunkFacets` facets to bound memory. */
export function* asciiStlChunks(
  corners: Float32Array,
  normals: Float32Array,
  name = 'periscope',
  chunkFacets = 4096,
): Generator<string> {
  const count = normals.length / 3;
  yield `solid ${name}\n`;
  let chunk: string[] = [];
  for (let t = 0; t < count; t++) {
    const n = normals.subarray(3 * t, 3 * t + 3);
    chunk.push(
      ` facet normal ${formatFloat32(n[0])} ${formatFloat32(n[1])} ${formatFloat32(n[2])}\n  outer loop\n`,
    );
    for (let k = 0; k < 3; k++) {
      const c = 9 * t + 3 * k;
      chunk.push(
        `   vertex ${formatFloat32(corners[c])} ${formatFloat32(corners[c + 1])} ${formatFloat32(corners[c + 2])}\n`,
      );
    }
    chunk.push('  endloop\n endfacet\n');
    if ((t + 1) % chunkFacets === 0) {
      yield chunk.join('');
      chunk = [];
    }
  }
  chunk.push(`endsolid ${name}\n`);
  yield chunk.join('');
}

/** Writes the triangles of `data` as STL (binary unless `options.ascii`). */
export async function writeStl(path: string, data: PolyData, options: WriteOptions = {}): Promise<void> {
  let corners: Float32Array;
  let normals: Float32Array;
  try {
    ({ corners, normals } = facetGeometry(data, triangulatePolyData(data)));
  } catch (error) {
    if (error instanceof RangeError) throw new WriteError(path, `stl: ${error.message}`, { cause: error });
    throw error;
  }
  throwIfAborted(options.signal, `writing ${path}`);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'w');
  } catch (error) {
    throw new WriteError(path, `cannot open for writing: ${(error as Error).message}`, { cause: error });
  }
  try {
    if (options.ascii) {
      for (const text of asciiStlChunks(corners, normals)) {
        throwIfAborted(options.signal, `writing ${path}`);
        await handle.write(text);
      }
    } else {
      await handle.write(encodeBinaryStl(corners, normals));
    }
  } catch (error) {
    if (isPeriscopeError(error)) throw error;
    throw new WriteError(path, `write failed: ${(error as Error).message}`, { cause: error });
  } finally {
    await handle.close();
  }
}

export const stlWriter: FormatWriter = {
  format: 'stl',
  description: 'STL (stereolithography), binary or ASCII',
  extensions: ['.stl'],
  accepts: (data: DataObject) => data.type === 'PolyData',
  write: (path, data, options) => {
    if (data.type !== 'PolyData') {
      return Promise.reject(new WriteError(path, `stl: cannot write a ${data.type}, only PolyData`));
    }
    return writeStl(path, data, options);
  },
};
