/**
 * Wavefront OBJ statements → raw lists: positions (with optional vertex colors), texture
 * coordinates, normals, face corners with their separate v/vt/vn indices, lines, points, and
 * the group/material bookkeeping vtkOBJReader keeps. Turning this into PolyData (and
 * duplicating points where vt/vn are indexed apart from v) is `obj-reader.ts`'s job.
 */
import { ReadError } from '../../../errors.js';
import { CellBuilder, GrowableFloat64, GrowableInt32 } from './growable.js';

export const OBJ_FORMAT = 'obj';

/** The material name vtkOBJReader gives faces that have none. */
export const NO_MATERIAL = 'NO_MATERIAL';

export interface ParsedObj {
  /** xyz per `v`. */
  positions: Float64Array;
  /** Vertex colors (`v x y z r g b [a]`), only when every `v` has them; UInt8 as VTK stores them. */
  colors?: { components: 3 | 4; values: Uint8Array };
  /** uv per `vt`. */
  tcoords: Float64Array;
  /** xyz per `vn`. */
  normals: Float64Array;
  faces: CellBuilder;
  /** Per face corner: 0-based vt and vn indices, -1 where the corner has none. */
  cornerTcoords: Int32Array;
  cornerNormals: Int32Array;
  /** Per face: index into `tcoordNames` of the texture set its vt belong to, -1 without vt. */
  faceTcoordSet: Int32Array;
  /** Texture-coordinate sets, named as vtkOBJReader names its tcoord arrays (material or "TCoords"). */
  tcoordNames: string[];
  lines: CellBuilder;
  points: CellBuilder;
  /** Per cell kind: group id and material id of each cell. */
  groups: { points: Float32Array; lines: Float32Array; faces: Float32Array };
  materials: { points: Int32Array; lines: Int32Array; faces: Int32Array };
  /** Whether any `g` or any face was seen (when vtkOBJReader writes GroupIds). */
  hasGroups: boolean;
  materialNames: string[];
  materialLibraries: string[];
}

/** Tokens of one logical line, with the line number errors should name. */
class LineCursor {
  position = 0;
  constructor(readonly text: string) {}

  /** The next whitespace-delimited token, or undefined at the end of the line. */
  token(): string | undefined {
    const t = this.text;
    let i = this.position;
    while (i < t.length && isBlank(t.charCodeAt(i))) i++;
    // A '#' starts a trailing comment.
    if (i >= t.length || t.charCodeAt(i) === 35) {
      this.position = t.length;
      return undefined;
    }
    const start = i;
    while (i < t.length && !isBlank(t.charCodeAt(i))) i++;
    this.position = i;
    return t.slice(start, i);
  }

  /** The rest of the line, trimmed. */
  rest(): string {
    return this.text.slice(this.position).trim();
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
}

/** Whether the line's last non-blank character is a backslash (a continuation). */
function continues(line: string): boolean {
  let i = line.length - 1;
  while (i >= 0 && isBlank(line.charCodeAt(i))) i--;
  return i >= 0 && line.charCodeAt(i) === 92;
}

export function parseObj(file: string, text: string, onProgress?: () => void): ParsedObj {
  const positions = new GrowableFloat64();
  const colorValues = new GrowableFloat64();
  let colorComponents: 0 | 3 | 4 = 0;
  let coloredVertices = 0;
  const tcoords = new GrowableFloat64();
  const normals = new GrowableFloat64();
  const faces = new CellBuilder();
  const cornerTcoords = new GrowableInt32();
  const cornerNormals = new GrowableInt32();
  const faceTcoordSet = new GrowableInt32();
  const lines = new CellBuilder();
  const points = new CellBuilder();
  const groups = {
    points: new GrowableFloat64(),
    lines: new GrowableFloat64(),
    faces: new GrowableFloat64(),
  };
  const materials = { points: new GrowableInt32(), lines: new GrowableInt32(), faces: new GrowableInt32() };
  const materialNames: string[] = [];
  const materialIds = new Map<string, number>();
  const materialLibraries: string[] = [];
  const tcoordNames: string[] = [];
  let tcoordSet = -1;
  let currentMaterial = -1;
  let groupId = -1;
  let firstFaceSeen = false;
  // Largest 0-based index referenced so far, to check forward references once all lists are known.
  const maxReference = { v: { index: -1, line: 0 }, vt: { index: -1, line: 0 }, vn: { index: -1, line: 0 } };

  let lineNumber = 0;
  let statementLine = 0;
  const fail = (detail: string): never => {
    throw new ReadError(file, OBJ_FORMAT, detail, { line: statementLine });
  };

  const number = (word: string | undefined, what: string): number => {
    if (word === undefined) return fail(`missing ${what}`);
    const value = Number(word);
    if (Number.isNaN(value) && !/^[+-]?nan$/i.test(word)) fail(`'${word}' is not a number (${what})`);
    return value;
  };

  const registerMaterial = (name: string): number => {
    let id = materialIds.get(name);
    if (id === undefined) {
      id = materialNames.length;
      materialIds.set(name, id);
      materialNames.push(name);
    }
    return id;
  };

  /** Resolves a 1-based (or negative, relative) OBJ index against `count` items defined so far. */
  const resolve = (value: number, count: number, kind: 'v' | 'vt' | 'vn'): number => {
    if (value === 0) fail(`${kind} index 0 is invalid (OBJ indices start at 1)`);
    const index = value < 0 ? count + value : value - 1;
    if (index < 0) fail(`${kind} index ${value} reaches before the first ${kind} (only ${count} so far)`);
    if (index > maxReference[kind].index) maxReference[kind] = { index, line: statementLine };
    return index;
  };

  /** Parses `a`, `a/b`, `a//c` or `a/b/c` (signed integers) into three numbers, NaN where absent. */
  const corner = (word: string): [number, number, number] => {
    const parts = word.split('/');
    if (parts.length > 3 || parts[0] === '') fail(`'${word}' is not a vertex reference`);
    const out: [number, number, number] = [Number.NaN, Number.NaN, Number.NaN];
    for (let k = 0; k < parts.length; k++) {
      if (parts[k] === '') continue;
      const value = Number(parts[k]);
      if (!Number.isInteger(value)) fail(`'${word}' is not a vertex reference`);
      out[k] = value;
    }
    return out;
  };

  const vertexCount = () => positions.length / 3;

  let position = 0;
  while (position < text.length) {
    statementLine = lineNumber + 1;
    let end = text.indexOf('\n', position);
    if (end < 0) end = text.length;
    lineNumber++;
    let source = text.slice(position, end);
    position = end + 1;
    while (continues(source) && position < text.length) {
      let next = text.indexOf('\n', position);
      if (next < 0) next = text.length;
      lineNumber++;
      source = `${source.slice(0, source.lastIndexOf('\\'))} ${text.slice(position, next)}`;
      position = next + 1;
    }
    if ((lineNumber & 0xffff) === 0 && onProgress) onProgress();
    const cursor = new LineCursor(source);
    const keyword = cursor.token();
    if (keyword === undefined) continue;
    switch (keyword) {
      case 'v': {
        for (let k = 0; k < 3; k++) positions.push(number(cursor.token(), `vertex coordinate ${k + 1}`));
        const extra: number[] = [];
        for (let token = cursor.token(); token; token = cursor.token())
          extra.push(number(token, 'vertex value'));
        // x y z [r g b [a]] [w]: 3 or 4 extra values are a color, as vtkOBJReader reads them.
        const components = extra.length >= 3 ? (Math.min(extra.length, 4) as 3 | 4) : 0;
        if (components) {
          if (colorComponents && colorComponents !== components) {
            fail(`vertex color has ${components} components but earlier ones have ${colorComponents}`);
          }
          colorComponents = components;
          for (let k = 0; k < components; k++) colorValues.push(extra[k]);
          coloredVertices++;
        }
        break;
      }
      case 'vt': {
        tcoords.push(number(cursor.token(), 'texture coordinate u'));
        const v = cursor.token();
        tcoords.push(v ? number(v, 'texture coordinate v') : 0);
        break;
      }
      case 'vn':
        for (let k = 0; k < 3; k++) normals.push(number(cursor.token(), `normal component ${k + 1}`));
        break;
      case 'f': {
        if (!firstFaceSeen) {
          // vtkOBJReader files the first face under NO_MATERIAL, even after a usemtl.
          firstFaceSeen = true;
          currentMaterial = registerMaterial(NO_MATERIAL);
        }
        const counts = { v: vertexCount(), vt: tcoords.length / 2, vn: normals.length / 3 };
        let size = 0;
        let withTcoord = 0;
        let withNormal = 0;
        for (let token = cursor.token(); token; token = cursor.token()) {
          const [v, vt, vn] = corner(token);
          faces.ids.push(resolve(v, counts.v, 'v'));
          if (!Number.isNaN(vt)) withTcoord++;
          if (!Number.isNaN(vn)) withNormal++;
          cornerTcoords.push(Number.isNaN(vt) ? -1 : resolve(vt, counts.vt, 'vt'));
          cornerNormals.push(Number.isNaN(vn) ? -1 : resolve(vn, counts.vn, 'vn'));
          size++;
        }
        if (size < 3) fail(`a face needs at least 3 vertices, found ${size}`);
        if ((withTcoord && withTcoord !== size) || (withNormal && withNormal !== size)) {
          fail('every corner of a face must have the same form (v, v/vt, v//vn or v/vt/vn)');
        }
        faces.endCell();
        if (withTcoord) {
          if (tcoordNames.length === 0) {
            tcoordNames.push('TCoords');
            tcoordSet = 0;
          }
          faceTcoordSet.push(tcoordSet);
        } else {
          faceTcoordSet.push(-1);
        }
        groupId = Math.max(groupId, 0);
        groups.faces.push(groupId);
        materials.faces.push(currentMaterial);
        break;
      }
      case 'l':
      case 'p': {
        const cells = keyword === 'l' ? lines : points;
        const count = vertexCount();
        let size = 0;
        for (let token = cursor.token(); token; token = cursor.token()) {
          cells.ids.push(resolve(corner(token)[0], count, 'v'));
          size++;
        }
        const minimum = keyword === 'l' ? 2 : 1;
        if (size < minimum) fail(`'${keyword}' needs at least ${minimum} vertices, found ${size}`);
        cells.endCell();
        (keyword === 'l' ? groups.lines : groups.points).push(Math.max(groupId, 0));
        (keyword === 'l' ? materials.lines : materials.points).push(currentMaterial);
        break;
      }
      case 'g':
        groupId++;
        break;
      case 'usemtl': {
        const material = cursor.token();
        if (material === undefined) return fail("'usemtl' needs a material name");
        currentMaterial = registerMaterial(material);
        if (!tcoordNames.includes(material)) tcoordNames.push(material);
        tcoordSet = tcoordNames.indexOf(material);
        break;
      }
      case 'mtllib': {
        const name = cursor.rest();
        if (name) materialLibraries.push(name);
        break;
      }
      default:
        // Comments, o, s, vp, curves and surfaces: nothing VTK keeps.
        break;
    }
  }

  const counts = { v: vertexCount(), vt: tcoords.length / 2, vn: normals.length / 3 };
  for (const kind of ['v', 'vt', 'vn'] as const) {
    const reference = maxReference[kind];
    if (reference.index >= counts[kind]) {
      throw new ReadError(
        file,
        OBJ_FORMAT,
        `${kind} index ${reference.index + 1} refers past the last ${kind} (the file has ${counts[kind]})`,
        { line: reference.line },
      );
    }
  }

  let colors: ParsedObj['colors'];
  if (colorComponents && coloredVertices === counts.v) {
    const values = new Uint8Array(colorValues.length);
    // static_cast<unsigned char>(clamp(c, 0, 1) * 255) truncates, as here.
    for (let i = 0; i < values.length; i++)
      values[i] = Math.trunc(Math.min(1, Math.max(0, colorValues.values[i])) * 255);
    colors = { components: colorComponents, values };
  }

  return {
    positions: positions.toArray(),
    colors,
    tcoords: tcoords.toArray(),
    normals: normals.toArray(),
    faces,
    cornerTcoords: cornerTcoords.toArray(),
    cornerNormals: cornerNormals.toArray(),
    faceTcoordSet: faceTcoordSet.toArray(),
    tcoordNames,
    lines,
    points,
    groups: {
      points: Float32Array.from(groups.points.toArray()),
      lines: Float32Array.from(groups.lines.toArray()),
      faces: Float32Array.from(groups.faces.toArray()),
    },
    materials: {
      points: materials.points.toArray(),
      lines: materials.lines.toArray(),
      faces: materials.faces.toArray(),
    },
    hasGroups: groupId !== -1,
    materialNames,
    materialLibraries,
  };
}
