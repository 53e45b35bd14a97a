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

type IndexKind = 'v' | 'vt' | 'vn';

/** Parser state and one method per statement; `parseObj` drives it line by line. */
class ObjParser {
  readonly positions = new GrowableFloat64();
  readonly colorValues = new GrowableFloat64();
  colorComponents: 0 | 3 | 4 = 0;
  coloredVertices = 0;
  readonly tcoords = new GrowableFloat64();
  readonly normals = new GrowableFloat64();
  readonly faces = new CellBuilder();
  readonly cornerTcoords = new GrowableInt32();
  readonly cornerNormals = new GrowableInt32();
  readonly faceTcoordSet = new GrowableInt32();
  readonly lines = new CellBuilder();
  readonly points = new CellBuilder();
  readonly groups = {
    points: new GrowableFloat64(),
    lines: new GrowableFloat64(),
    faces: new GrowableFloat64(),
  };
  readonly materials = {
    points: new GrowableInt32(),
    lines: new GrowableInt32(),
    faces: new GrowableInt32(),
  };
  readonly materialNames: string[] = [];
  readonly materialIds = new Map<string, number>();
  readonly materialLibraries: string[] = [];
  readonly tcoordNames: string[] = [];
  tcoordSet = -1;
  currentMaterial = -1;
  groupId = -1;
  firstFaceSeen = false;
  /** Largest 0-based index referenced so far, checked once all lists are known (forward references). */
  readonly maxReference = {
    v: { index: -1, line: 0 },
    vt: { index: -1, line: 0 },
    vn: { index: -1, line: 0 },
  };
  readonly cursor = new LineCursor();
  /** Line of the statement being parsed, for errors. */
  line = 0;
  private readonly extra = new Float64Array(5);
  private readonly reference: [number, number, number] = [0, 0, 0];

  constructor(readonly file: string) {}

  fail(detail: string): never {
    throw new ReadError(this.file, OBJ_FORMAT, detail, { line: this.line });
  }

  /** The next token as a number; fails when it is missing or not a number. */
  number(what: string): number {
    const cursor = this.cursor;
    if (!cursor.next()) this.fail(`missing ${what}`);
    const value = parseDecimal(cursor.text, cursor.start, cursor.stop);
    if (Number.isNaN(value) && !/^[+-]?nan$/i.test(cursor.word())) {
      this.fail(`'${cursor.word()}' is not a number (${what})`);
    }
    return value;
  }

  /** Resolves a 1-based (or negative, relative) index against the `count` items defined so far. */
  resolve(value: number, count: number, kind: IndexKind): number {
    if (value === 0) this.fail(`${kind} index 0 is invalid (OBJ indices start at 1)`);
    const index = value < 0 ? count + value : value - 1;
    if (index < 0)
      this.fail(`${kind} index ${value} reaches before the first ${kind} (only ${count} so far)`);
    const reference = this.maxReference[kind];
    if (index > reference.index) {
      reference.index = index;
      reference.line = this.line;
    }
    return index;
  }

  /** Parses the current token `a`, `a/b`, `a//c` or `a/b/c` (signed integers); NaN where absent. */
  corner(): [number, number, number] {
    const cursor = this.cursor;
    const t = cursor.text;
    const out = this.reference;
    let i = cursor.start;
    out[0] = out[1] = out[2] = Number.NaN;
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
      if (digits > 0 && digits < 16) out[part] = negative ? -value : value;
      else if (digits > 0 || negative || part === 0)
        this.fail(`'${cursor.word()}' is not a vertex reference`);
      if (i >= cursor.stop) return out;
      if (t.charCodeAt(i) !== 47) this.fail(`'${cursor.word()}' is not a vertex reference`);
      i++;
    }
    return this.fail(`'${cursor.word()}' is not a vertex reference`);
  }

  get vertexCount(): number {
    return this.positions.length / 3;
  }

  registerMaterial(name: string): number {
    let id = this.materialIds.get(name);
    if (id === undefined) {
      id = this.materialNames.length;
      this.materialIds.set(name, id);
      this.materialNames.push(name);
    }
    return id;
  }

  /** `v x y z [r g b [a]] [w]`: 3 or 4 values after xyz are a color, as vtkOBJReader reads them. */
  vertex(): void {
    for (let k = 0; k < 3; k++) this.positions.push(this.number(VERTEX_LABELS[k]));
    let extras = 0;
    while (extras < 5 && this.cursor.more()) this.extra[extras++] = this.number('vertex value');
    const components = extras >= 3 ? (Math.min(extras, 4) as 3 | 4) : 0;
    if (!components) return;
    if (this.colorComponents && this.colorComponents !== components) {
      this.fail(`vertex color has ${components} components but earlier ones have ${this.colorComponents}`);
    }
    this.colorComponents = components;
    for (let k = 0; k < components; k++) this.colorValues.push(this.extra[k]);
    this.coloredVertices++;
  }

  textureCoordinate(): void {
    this.tcoords.push(this.number('texture coordinate u'));
    this.tcoords.push(this.cursor.more() ? this.number('texture coordinate v') : 0);
  }

  normal(): void {
    for (let k = 0; k < 3; k++) this.normals.push(this.number(NORMAL_LABELS[k]));
  }

  face(): void {
    if (!this.firstFaceSeen) {
      // vtkOBJReader files the first face under NO_MATERIAL, even after a usemtl.
      this.firstFaceSeen = true;
      this.currentMaterial = this.registerMaterial(NO_MATERIAL);
    }
    const vCount = this.vertexCount;
    const vtCount = this.tcoords.length / 2;
    const vnCount = this.normals.length / 3;
    let size = 0;
    let withTcoord = 0;
    let withNormal = 0;
    while (this.cursor.next()) {
      const [v, vt, vn] = this.corner();
      this.faces.ids.push(this.resolve(v, vCount, 'v'));
      if (!Number.isNaN(vt)) withTcoord++;
      if (!Number.isNaN(vn)) withNormal++;
      this.cornerTcoords.push(Number.isNaN(vt) ? -1 : this.resolve(vt, vtCount, 'vt'));
      this.cornerNormals.push(Number.isNaN(vn) ? -1 : this.resolve(vn, vnCount, 'vn'));
      size++;
    }
    if (size < 3) this.fail(`a face needs at least 3 vertices, found ${size}`);
    if ((withTcoord && withTcoord !== size) || (withNormal && withNormal !== size)) {
      this.fail('every corner of a face must have the same form (v, v/vt, v//vn or v/vt/vn)');
    }
    this.faces.endCell();
    if (withTcoord && this.tcoordNames.length === 0) {
      this.tcoordNames.push('TCoords');
      this.tcoordSet = 0;
    }
    this.faceTcoordSet.push(withTcoord ? this.tcoordSet : -1);
    this.groupId = Math.max(this.groupId, 0);
    this.groups.faces.push(this.groupId);
    this.materials.faces.push(this.currentMaterial);
  }

  /** `l` (at least 2 vertices) or `p` (at least 1); `v/vt` references keep only the v. */
  element(kind: 'l' | 'p'): void {
    const cells = kind === 'l' ? this.lines : this.points;
    const count = this.vertexCount;
    let size = 0;
    while (this.cursor.next()) {
      cells.ids.push(this.resolve(this.corner()[0], count, 'v'));
      size++;
    }
    const minimum = kind === 'l' ? 2 : 1;
    if (size < minimum) this.fail(`'${kind}' needs at least ${minimum} vertices, found ${size}`);
    cells.endCell();
    (kind === 'l' ? this.groups.lines : this.groups.points).push(Math.max(this.groupId, 0));
    (kind === 'l' ? this.materials.lines : this.materials.points).push(this.currentMaterial);
  }

  useMaterial(): void {
    if (!this.cursor.next()) this.fail("'usemtl' needs a material name");
    const material = this.cursor.word();
    this.currentMaterial = this.registerMaterial(material);
    if (!this.tcoordNames.includes(material)) this.tcoordNames.push(material);
    this.tcoordSet = this.tcoordNames.indexOf(material);
  }

  statement(keyword: string): void {
    switch (keyword) {
      case 'v':
        this.vertex();
        break;
      case 'vt':
        this.textureCoordinate();
        break;
      case 'vn':
        this.normal();
        break;
      case 'f':
        this.face();
        break;
      case 'l':
      case 'p':
        this.element(keyword);
        break;
      case 'g':
        this.groupId++;
        break;
      case 'usemtl':
        this.useMaterial();
        break;
      case 'mtllib': {
        const name = this.cursor.rest();
        if (name) this.materialLibraries.push(name);
        break;
      }
      default:
      // Comments, o, s, vp, curves and surfaces: nothing VTK keeps.
    }
  }

  /** Checks forward references and packs the lists. */
  finish(): ParsedObj {
    const counts = { v: this.vertexCount, vt: this.tcoords.length / 2, vn: this.normals.length / 3 };
    for (const kind of ['v', 'vt', 'vn'] as const) {
      const reference = this.maxReference[kind];
      if (reference.index >= counts[kind]) {
        throw new ReadError(
          this.file,
          OBJ_FORMAT,
          `${kind} index ${reference.index + 1} refers past the last ${kind} (the file has ${counts[kind]})`,
          { line: reference.line },
        );
      }
    }
    let colors: ParsedObj['colors'];
    if (this.colorComponents && this.coloredVertices === counts.v) {
      const values = new Uint8Array(this.colorValues.length);
      // static_cast<unsigned char>(clamp(c, 0, 1) * 255) truncates, as here.
      for (let i = 0; i < values.length; i++) {
        values[i] = Math.trunc(Math.min(1, Math.max(0, this.colorValues.values[i])) * 255);
      }
      colors = { components: this.colorComponents, values };
    }
    const { groups, materials } = this;
    return {
      positions: this.positions.toArray(),
      colors,
      tcoords: this.tcoords.toArray(),
      normals: this.normals.toArray(),
      faces: this.faces,
      cornerTcoords: this.cornerTcoords.toArray(),
      cornerNormals: this.cornerNormals.toArray(),
      faceTcoordSet: this.faceTcoordSet.toArray(),
      tcoordNames: this.tcoordNames,
      lines: this.lines,
      points: this.points,
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
      hasGroups: this.groupId !== -1,
      materialNames: this.materialNames,
      materialLibraries: this.materialLibraries,
    };
  }
}

/** Parses OBJ text; `onProgress` is called every 65536 lines (for cancellation checks). */
export function parseObj(file: string, text: string, onProgress?: () => void): ParsedObj {
  const parser = new ObjParser(file);
  const cursor = parser.cursor;
  let lineNumber = 0;
  let position = 0;
  while (position < text.length) {
    parser.line = lineNumber + 1;
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
    if (cursor.next()) parser.statement(keywordOf(cursor));
  }
  return parser.finish();
}
