/**
 * OBJ reader: parsed statements → PolyData the way vtkOBJReader builds it. When every face
 * corner's vt/vn index equals its v index the points are used as they are; otherwise each face
 * corner becomes its own point so per-point normals and texture coordinates can differ per face.
 *
 * Arrays: point `Normals` (Float32), one Float32 tcoord array per texture set (named after the
 * material, or `TCoords`; the first is active; -1 where a point has no coordinate), vertex colors as
 * `RGB`/`RGBA` (UInt8, active scalars); cell `GroupIds` (Float32) and `MaterialIds` (Int32); field
 * `MaterialNames` and `MaterialLibraries`.
 *
 * Deliberate differences from vtkOBJReader: `l` and `p` cells are kept when points are duplicated
 * (VTK drops them) and get group/material ids too (VTK gives them none, leaving its cell arrays
 * shorter than the cell count); vertex colors survive duplication; texture sets are only made when
 * some face has vt indices (VTK also makes all-(-1) arrays for every `usemtl` without them).
 */

import { throwIfAborted } from '../../../errors.js';
import { StringArray } from '../../data/attributes.js';
import type { CellArray } from '../../data/cell-array.js';
import { DataArray } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { FileSource } from '../common/file-source.js';
import type { FormatReader, ReadOptions } from '../types.js';
import { NO_MATERIAL, OBJ_FORMAT, type ParsedObj, parseObj } from './obj-parse.js';

function concat<T extends Float32Array | Int32Array>(parts: T[], make: (length: number) => T): T {
  const out = make(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part as never, at);
    at += part.length;
  }
  return out;
}

/** Which vt indices each texture set uses (vtkOBJReader's per-material bitsets). */
function tcoordUsage(parsed: ParsedObj): Uint8Array[] {
  const count = parsed.tcoords.length / 2;
  const usage = parsed.tcoordNames.map(() => new Uint8Array(count));
  const offsets = parsed.faces.offsets.values;
  for (let face = 0; face < parsed.faceTcoordSet.length; face++) {
    const set = parsed.faceTcoordSet[face];
    if (set < 0) continue;
    for (let c = offsets[face]; c < offsets[face + 1]; c++) usage[set][parsed.cornerTcoords[c]] = 1;
  }
  return usage;
}

/** Whether some corner's vt or vn index differs from its v index. */
function needsDuplication(parsed: ParsedObj): boolean {
  const vertex = parsed.faces.ids.values;
  for (let c = 0; c < parsed.faces.ids.length; c++) {
    const t = parsed.cornerTcoords[c];
    const n = parsed.cornerNormals[c];
    if ((t >= 0 && t !== vertex[c]) || (n >= 0 && n !== vertex[c])) return true;
  }
  return false;
}

function cells(builder: ParsedObj['faces'], connectivity?: Int32Array): CellArray {
  return { offsets: builder.offsets.toArray(), connectivity: connectivity ?? builder.ids.toArray() };
}

function range(start: number, length: number): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = start + i;
  return out;
}

/**
 * For each output point, the source vertex, and (for face corners) the corner index, so
 * attributes can be gathered the same way whether or not points were duplicated.
 */
interface PointSources {
  vertex: Int32Array;
  /** Face corner each point came from, or -1. */
  corner: Int32Array;
}

export function objToPolyData(parsed: ParsedObj): PolyData {
  const vertexCount = parsed.positions.length / 3;
  const cornerCount = parsed.faces.ids.length;
  const duplicate = needsDuplication(parsed);
  let sources: PointSources;
  let data: PolyData;
  if (!duplicate) {
    sources = { vertex: range(0, vertexCount), corner: new Int32Array(vertexCount).fill(-1) };
    // A corner whose vt/vn equal its v: point p takes attributes from its own index.
    data = createPolyData({
      points: new DataArray({ name: 'Points', values: parsed.positions, numberOfComponents: 3 }),
      verts: cells(parsed.points),
      lines: cells(parsed.lines),
      polys: cells(parsed.faces),
    });
  } else {
    const lineIds = parsed.lines.ids.toArray();
    const pointIds = parsed.points.ids.toArray();
    const total = cornerCount + lineIds.length + pointIds.length;
    const vertex = new Int32Array(total);
    vertex.set(parsed.faces.ids.values.subarray(0, cornerCount), 0);
    vertex.set(lineIds, cornerCount);
    vertex.set(pointIds, cornerCount + lineIds.length);
    const corner = new Int32Array(total).fill(-1);
    corner.set(range(0, cornerCount), 0);
    sources = { vertex, corner };
    const positions = new Float64Array(total * 3);
    for (let p = 0; p < total; p++) {
      const v = vertex[p] * 3;
      positions[p * 3] = parsed.positions[v];
      positions[p * 3 + 1] = parsed.positions[v + 1];
      positions[p * 3 + 2] = parsed.positions[v + 2];
    }
    data = createPolyData({
      points: new DataArray({ name: 'Points', values: positions, numberOfComponents: 3 }),
      verts: cells(parsed.points, range(cornerCount + lineIds.length, pointIds.length)),
      lines: cells(parsed.lines, range(cornerCount, lineIds.length)),
      polys: cells(parsed.faces, range(0, cornerCount)),
    });
  }
  addPointAttributes(parsed, data, sources, duplicate);
  addCellAttributes(parsed, data);
  return data;
}

function addPointAttributes(
  parsed: ParsedObj,
  data: PolyData,
  sources: PointSources,
  duplicate: boolean,
): void {
  const total = sources.vertex.length;
  const normalCount = parsed.normals.length / 3;
  if (normalCount > 0) {
    const values = new Float32Array(total * 3);
    for (let p = 0; p < total; p++) {
      // Without duplication vn == v, so point p's normal is the p-th `vn` (if there is one).
      const n = duplicate ? (sources.corner[p] >= 0 ? parsed.cornerNormals[sources.corner[p]] : -1) : p;
      if (n < 0 || n >= normalCount) continue;
      values.set(parsed.normals.subarray(3 * n, 3 * n + 3), 3 * p);
    }
    data.pointData.setAttribute('normals', new DataArray({ name: 'Normals', values, numberOfComponents: 3 }));
  }

  if (parsed.faceTcoordSet.some((set) => set >= 0)) {
    const usage = tcoordUsage(parsed);
    const offsets = parsed.faces.offsets.values;
    parsed.tcoordNames.forEach((name, set) => {
      const values = new Float32Array(total * 2).fill(-1);
      const assign = (point: number, corner: number) => {
        const t = parsed.cornerTcoords[corner];
        if (t >= 0 && usage[set][t]) {
          values[2 * point] = parsed.tcoords[2 * t];
          values[2 * point + 1] = parsed.tcoords[2 * t + 1];
        }
      };
      if (duplicate) {
        for (let p = 0; p < total; p++) if (sources.corner[p] >= 0) assign(p, sources.corner[p]);
      } else {
        for (let face = 0; face < parsed.faceTcoordSet.length; face++) {
          for (let c = offsets[face]; c < offsets[face + 1]; c++) assign(parsed.faces.ids.values[c], c);
        }
      }
      const array = new DataArray({ name, values, numberOfComponents: 2 });
      if (set === 0) data.pointData.setAttribute('tcoords', array);
      else data.pointData.add(array);
    });
  }

  if (parsed.colors) {
    const { components, values: source } = parsed.colors;
    const values = new Uint8Array(total * components);
    for (let p = 0; p < total; p++) {
      const v = sources.vertex[p];
      values.set(source.subarray(v * components, (v + 1) * components), p * components);
    }
    data.pointData.setAttribute(
      'scalars',
      new DataArray({ name: components === 3 ? 'RGB' : 'RGBA', values, numberOfComponents: components }),
    );
  }
}

function addCellAttributes(parsed: ParsedObj, data: PolyData): void {
  const { groups, materials, materialNames } = parsed;
  if (parsed.hasGroups) {
    const values = concat([groups.points, groups.lines, groups.faces], (n) => new Float32Array(n));
    data.cellData.add(new DataArray({ name: 'GroupIds', values }));
  }
  const hasMaterial =
    materialNames.length > 1 || (materialNames.length === 1 && materialNames[0] !== NO_MATERIAL);
  if (hasMaterial) {
    const values = concat([materials.points, materials.lines, materials.faces], (n) => new Int32Array(n));
    data.cellData.add(new DataArray({ name: 'MaterialIds', values }));
    data.fieldData.add(new StringArray('MaterialNames', [...materialNames]));
    if (parsed.materialLibraries.length > 0) {
      data.fieldData.add(new StringArray('MaterialLibraries', [...parsed.materialLibraries]));
    }
  }
}

/** Reads a Wavefront OBJ file into PolyData (Float64 points, as vtkOBJReader stores them). */
export async function readObj(path: string, options: ReadOptions = {}): Promise<PolyData> {
  const bytes = await FileSource.with(path, OBJ_FORMAT, (source) => source.readAll());
  throwIfAborted(options.signal, `reading ${path}`);
  const parsed = parseObj(path, bytes.toString('utf8'), () =>
    throwIfAborted(options.signal, `reading ${path}`),
  );
  return objToPolyData(parsed);
}

/** OBJ is plain text whose statements start with a known keyword. */
export function sniffObj(head: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  if (text.includes('\u0000')) return false;
  return /^(v|vn|vt|f|g|o|usemtl|mtllib)[ \t]/m.test(text) && /^v[ \t]+[-+.\d]/m.test(text);
}

export const objReader: FormatReader = {
  format: OBJ_FORMAT,
  description: 'Wavefront OBJ',
  extensions: ['.obj'],
  sniff: sniffObj,
  read: readObj,
};
