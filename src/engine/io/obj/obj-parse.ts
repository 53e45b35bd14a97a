/**
 * Wavefront OBJ statements → raw lists: positions (with optional vertex colors), texture
 * coordinates, normals, face corners with their separate v/vt/vn indices, lines, points, and
 * the group/material bookkeeping vtkOBJReader keeps. Turning this into PolyData (and
 * duplicating points where vt/vn are indexed apart from v) is `obj-reader.ts`'s job.
 */
import { ReadError } from '../../../errors.js';
import { parseDecimal } from '../common/decimal.js';
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

// Error labels, built once rather than per number parsed.
const VERTEX_LABELS = ['vertex x', 'vertex y', 'vertex z'];
const NORMAL_LABELS = ['normal x', 'normal y', 'normal z'];

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
}

/**
 * Tokens of one logical line, read in place from [position, end) of `text` (no slicing on the
 * hot path). A '#' starts a trailing comment.
 */
class LineCursor {
  text = '';
  position = 0;
  end = 0;
  /** Bounds of the last token. */
  start = 0;
  stop = 0;

  reset(text: string, start: number, end: number): void {
    this.text = text;
    this.position = start;
    this.end = end;
  }

  /** Advances to the next token; false at the end of the line. */
  next(): boolean {
    const t = this.text;
    let i = this.position;
    while (i < this.end && isBlank(t.charCodeAt(i))) i++;
    if (i >= this.end || t.charCodeAt(i) === 35) {
      this.position = this.end;
      return false;
    }
    this.start = i;
    while (i < this.end && !isBlank(t.charCodeAt(i))) i++;
    this.stop = i;
    this.position = i;
    return true;
  }

  /** Whether another token follows on this line (consumes only blanks). */
  more(): boolean {
    const t = this.text;
    while (this.position < this.end && isBlank(t.charCodeAt(this.position))) this.position++;
    return this.position < this.end && t.charCodeAt(this.position) !== 35;
  }

  word(): string {
    return this.text.slice(this.start, this.stop);
  }

  /** The rest of the line, trimmed. */
  rest(): string {
    return this.text.slice(this.position, this.end).trim();
  }
}

const SHORT_KEYWORDS: Record<number, string> = { 118: 'v', 102: 'f', 108: 'l', 112: 'p', 103: 'g' };

/** The statement keyword of the current token, without allocating for the frequent ones. */
function keywordOf(cursor: LineCursor): string {
  const length = cursor.stop - cursor.start;
  const first = cursor.text.charCodeAt(cursor.start);
  if (length === 1) return SHORT_KEYWORDS[first] ?? cursor.word();
  if (length === 2 && first === 118) {
    const second = cursor.text.charCodeAt(cursor.start + 1);
    if (second === 116) return 'vt';
    if (second === 110) return 'vn';
  }
  return cursor.word();
}

/** Whether text[start, end)'s last non-blank character is a backslash (a continuation). */
function continues(text: string, start: number, end: number): boolean {
  let i = end - 1;
  while (i >= start && isBlank(text.charCodeAt(i))) i--;
  return i >= start && text.charCodeAt(i) === 92;
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

  const cursor = new LineCursor();
  const extra = new Float64Array(5);
  /** The next token as a number; fails when it is missing or not a number. */
  const number = (what: string): number => {
    if (!cursor.next()) return fail(`missing ${what}`);
    const value = parseDecimal(cursor.text, cursor.start, cursor.stop);
    if (Number.isNaN(value) && !/^[+-]?nan$/i.test(cursor.word()))
      fail(`'${cursor.word()}' is not a number (${what})`);
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
    const reference = maxReference[kind];
    if (index > reference.index) {
      reference.index = index;
      reference.line = statementLine;
    }
    return index;
  };

  /**
   * Parses the current token `a`, `a/b`, `a//c` or `a/b/c` (signed integers) into `reference`,
   * NaN where a part is absent.
   */
  const reference: [number, number, number] = [0, 0, 0];
  const corner = (): [number, number, number] => {
    const t = cursor.text;
    let i = cursor.start;
    reference[0] = reference[1] = reference[2] = Number.NaN;
    for (let part = 0; part < 3; part++) {
      let negative = false;
      if (t.charCodeAt(i) === 45) {
        negative = true;
        i++;
      }
      let value = 0;
      let digits = 0;
      for (; i < cursor.stop; i++) {
        const c = t.charCodeAt(i);
        if (c < 48 || c > 57) break;
        value = value * 10 + (c - 48);
        digits++;
      }
      if (digits > 0 && digits < 16) reference[part] = negative ? -value : value;
      else if (digits > 0 || negative || part === 0) fail(`'${cursor.word()}' is not a vertex reference`);
      if (i >= cursor.stop) return reference;
      if (t.charCodeAt(i) !== 47) fail(`'${cursor.word()}' is not a vertex reference`);
      i++;
    }
    return fail(`'${cursor.word()}' is not a vertex reference`);
  };

  const vertexCount = () => positions.length / 3;

  let position = 0;
  while (position < text.length) {
    statementLine = lineNumber + 1;
    let end = text.indexOf('\n', position);
    if (end < 0) end = text.length;
    lineNumber++;
    if (continues(text, position, end)) {
      // Rare: join continued lines into one string.
      let joined = text.slice(position, end);
      position = end + 1;
      while (continues(joined, 0, joined.length) && position < text.length) {
        let next = text.indexOf('\n', position);
        if (next < 0) next = text.length;
        lineNumber++;
        joined = `${joined.slice(0, joined.lastIndexOf('\\'))} ${text.slice(position, next)}`;
        position = next + 1;
      }
      cursor.reset(joined, 0, joined.length);
    } else {
      cursor.reset(text, position, end);
      position = end + 1;
    }
    if ((lineNumber & 0xffff) === 0 && onProgress) onProgress();
    if (!cursor.next()) continue;
    const keyword = keywordOf(cursor);
    switch (keyword) {
      case 'v': {
        for (let k = 0; k < 3; k++) positions.push(number(VERTEX_LABELS[k]));
        let extras = 0;
        while (extras < 5 && cursor.more()) extra[extras++] = number('vertex value');
        // x y z [r g b [a]] [w]: 3 or 4 extra values are a color, as vtkOBJReader reads them.
        const components = extras >= 3 ? (Math.min(extras, 4) as 3 | 4) : 0;
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
        tcoords.push(number('texture coordinate u'));
        tcoords.push(cursor.more() ? number('texture coordinate v') : 0);
        break;
      }
      case 'vn':
        for (let k = 0; k < 3; k++) normals.push(number(NORMAL_LABELS[k]));
        break;
      case 'f': {
        if (!firstFaceSeen) {
          // vtkOBJReader files the first face under NO_MATERIAL, even after a usemtl.
          firstFaceSeen = true;
          currentMaterial = registerMaterial(NO_MATERIAL);
        }
        const vCount = vertexCount();
        const vtCount = tcoords.length / 2;
        const vnCount = normals.length / 3;
        let size = 0;
        let withTcoord = 0;
        let withNormal = 0;
        while (cursor.next()) {
          const [v, vt, vn] = corner();
          faces.ids.push(resolve(v, vCount, 'v'));
          if (!Number.isNaN(vt)) withTcoord++;
          if (!Number.isNaN(vn)) withNormal++;
          cornerTcoords.push(Number.isNaN(vt) ? -1 : resolve(vt, vtCount, 'vt'));
          cornerNormals.push(Number.isNaN(vn) ? -1 : resolve(vn, vnCount, 'vn'));
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
        while (cursor.next()) {
          cells.ids.push(resolve(corner()[0], count, 'v'));
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
        if (!cursor.next()) return fail("'usemtl' needs a material name");
        const material = cursor.word();
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
