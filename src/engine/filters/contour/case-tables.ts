/**
 * Iso-surface case tables, generated rather than transcribed.
 *
 * For a cell shape (vertices, edges, faces listed counter-clockwise seen from outside) and each
 * "above" pattern of its vertices, the surface crosses every edge whose ends differ. On each face
 * the crossings pair up into segments; chained across faces they form closed loops, which are
 * fanned into triangles. A face with four crossings is ambiguous; like VTK's synchronized
 * templates tables we always keep the above vertices apart there (so neighbouring cells agree and
 * the surface has no holes). The triangle count of every case therefore equals VTK's, which is
 * what makes point and triangle counts of our contours equal to ParaView's (checked on the
 * Wavelet, RectGrid2 and ironProt reference contours, where a "minority apart" rule as in the
 * original marching cubes paper gives 8 triangles fewer on RectGrid2).
 *
 * Triangles are wound so that their normal points from the above side to the below side (down
 * the scalar gradient), the orientation of VTK's contours.
 */

export interface CellShape {
  /** Name for messages. */
  name: string;
  /** Vertex positions in parametric space (used only to fix the winding). */
  vertices: readonly (readonly number[])[];
  /** Edges as vertex pairs; the order defines the edge ids the table uses. */
  edges: readonly (readonly [number, number])[];
  /** Faces as vertex loops, counter-clockwise seen from outside the cell. */
  faces: readonly (readonly number[])[];
}

export interface CaseTable {
  shape: CellShape;
  /** For case c, the edge ids of its triangles (3 per triangle) are cases[offsets[c] .. offsets[c+1]). */
  cases: Uint8Array;
  offsets: Uint16Array;
  /** Triangles per case. */
  triangleCounts: Uint8Array;
  /** Bit e set when the case crosses edge e. */
  crossedEdges: Uint16Array;
}

function edgeIdFinder(shape: CellShape): (a: number, b: number) => number {
  const ids = new Map<number, number>();
  const n = shape.vertices.length;
  shape.edges.forEach(([a, b], id) => {
    ids.set(a * n + b, id);
    ids.set(b * n + a, id);
  });
  return (a, b) => {
    const id = ids.get(a * n + b);
    if (id === undefined) throw new Error(`${shape.name}: face edge ${a}-${b} is not an edge`);
    return id;
  };
}

/**
 * The directed segments a face contributes for one case: each runs from an "entry" crossing
 * (below → above, walking the face counter-clockwise) to an "exit" crossing.
 */
function faceSegments(
  face: readonly number[],
  above: (v: number) => boolean,
  edgeId: (a: number, b: number) => number,
): [number, number][] {
  const crossings: { edge: number; entry: boolean }[] = [];
  for (let i = 0; i < face.length; i++) {
    const a = face[i];
    const b = face[(i + 1) % face.length];
    if (above(a) !== above(b)) crossings.push({ edge: edgeId(a, b), entry: above(b) });
  }
  const segments: [number, number][] = [];
  if (crossings.length === 0) return segments;
  // Pair each entry with the next exit, which cuts off the above corner between them; with four
  // crossings this keeps the two above corners apart.
  const n = crossings.length;
  for (let i = 0; i < n; i++) {
    if (crossings[i].entry) segments.push([crossings[i].edge, crossings[(i + 1) % n].edge]);
  }
  return segments;
}

function loopsOf(segments: [number, number][]): number[][] {
  const next = new Map<number, number>();
  for (const [from, to] of segments) next.set(from, to);
  const loops: number[][] = [];
  const seen = new Set<number>();
  for (const start of [...next.keys()].sort((a, b) => a - b)) {
    if (seen.has(start)) continue;
    const loop: number[] = [];
    let edge = start;
    while (!seen.has(edge)) {
      seen.add(edge);
      loop.push(edge);
      const to = next.get(edge);
      if (to === undefined) throw new Error('open contour loop');
      edge = to;
    }
    loops.push(loop);
  }
  return loops;
}

function midpoint(shape: CellShape, edge: number): number[] {
  const [a, b] = shape.edges[edge];
  return shape.vertices[a].map((x, k) => (x + shape.vertices[b][k]) / 2);
}

/** Builds the table of a 3D cell shape (2^vertices cases). */
export function buildCaseTable(shape: CellShape): CaseTable {
  const n = shape.vertices.length;
  const caseCount = 1 << n;
  const edgeId = edgeIdFinder(shape);
  const perCase: number[][] = [];
  for (let c = 0; c < caseCount; c++) {
    const above = (v: number) => ((c >> v) & 1) === 1;
    const segments = shape.faces.flatMap((face) => faceSegments(face, above, edgeId));
    const triangles: number[] = [];
    for (const loop of loopsOf(segments)) {
      for (let k = 1; k + 1 < loop.length; k++) triangles.push(loop[0], loop[k], loop[k + 1]);
    }
    perCase.push(triangles);
  }
  // Fix the winding with case "vertex 0 alone above": its normal must point away from vertex 0.
  const [a, b, d] = perCase[1].slice(0, 3).map((e) => midpoint(shape, e));
  const u = b.map((x, k) => x - a[k]);
  const v = d.map((x, k) => x - a[k]);
  const normal = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const away = a.map((x, k) => x - shape.vertices[0][k]);
  const flip = normal[0] * away[0] + normal[1] * away[1] + normal[2] * away[2] < 0;
  return pack(shape, perCase, flip ? 3 : 0);
}

/** Builds the line-segment table of a 2D cell (polygon `vertices` in order). */
export function buildLineTable(shape: CellShape): CaseTable {
  const n = shape.vertices.length;
  const edgeId = edgeIdFinder(shape);
  const perCase: number[][] = [];
  for (let c = 0; c < 1 << n; c++) {
    const above = (v: number) => ((c >> v) & 1) === 1;
    perCase.push(faceSegments(shape.faces[0], above, edgeId).flat());
  }
  return pack(shape, perCase, 2);
}

/** Packs per-case edge lists; `flipGroup` 3 reverses each triangle's winding (0: keep). */
function pack(shape: CellShape, perCase: number[][], flipGroup: 0 | 2 | 3): CaseTable {
  const offsets = new Uint16Array(perCase.length + 1);
  perCase.forEach((list, c) => {
    offsets[c + 1] = offsets[c] + list.length;
  });
  const cases = new Uint8Array(offsets[perCase.length]);
  const group = flipGroup === 2 ? 2 : 3;
  const triangleCounts = new Uint8Array(perCase.length);
  const crossedEdges = new Uint16Array(perCase.length);
  perCase.forEach((list, c) => {
    triangleCounts[c] = list.length / group;
    for (let t = 0; t < list.length; t += group) {
      for (let k = 0; k < group; k++) {
        const value = flipGroup === 3 ? list[t + (k === 0 ? 0 : 3 - k)] : list[t + k];
        cases[offsets[c] + t + k] = value;
      }
    }
    const n = shape.vertices.length;
    shape.edges.forEach(([a, b], e) => {
      if (((c >> a) & 1) !== ((c >> b) & 1)) crossedEdges[c] |= 1 << e;
    });
    void n;
  });
  return { shape, cases, offsets, triangleCounts, crossedEdges };
}

/**
 * The hexahedron in structured order: vertex v sits at (v & 1, (v >> 1) & 1, (v >> 2) & 1).
 * Edges 0–3 run along x at (y,z) = (0,0), (1,0), (0,1), (1,1); 4–7 along y at (x,z) in the same
 * order; 8–11 along z at (x,y).
 */
export const STRUCTURED_HEXAHEDRON: CellShape = {
  name: 'hexahedron',
  vertices: [0, 1, 2, 3, 4, 5, 6, 7].map((v) => [v & 1, (v >> 1) & 1, (v >> 2) & 1]),
  edges: [
    [0, 1],
    [2, 3],
    [4, 5],
    [6, 7],
    [0, 2],
    [1, 3],
    [4, 6],
    [5, 7],
    [0, 4],
    [1, 5],
    [2, 6],
    [3, 7],
  ],
  faces: [
    [0, 2, 3, 1],
    [4, 5, 7, 6],
    [0, 1, 5, 4],
    [2, 6, 7, 3],
    [0, 4, 6, 2],
    [1, 3, 7, 5],
  ],
};

/** VTK's tetrahedron (vtkTetra point order). */
export const TETRAHEDRON: CellShape = {
  name: 'tetrahedron',
  vertices: [
    [0, 0, 0],
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  edges: [
    [0, 1],
    [1, 2],
    [2, 0],
    [0, 3],
    [1, 3],
    [2, 3],
  ],
  faces: [
    [0, 2, 1],
    [0, 1, 3],
    [1, 2, 3],
    [2, 0, 3],
  ],
};

/** VTK's wedge: triangle 0-1-2 at the bottom, 3-4-5 above it. */
export const WEDGE: CellShape = {
  name: 'wedge',
  vertices: [
    [0, 0, 0],
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [1, 0, 1],
    [0, 1, 1],
  ],
  edges: [
    [0, 1],
    [1, 2],
    [2, 0],
    [3, 4],
    [4, 5],
    [5, 3],
    [0, 3],
    [1, 4],
    [2, 5],
  ],
  faces: [
    [0, 2, 1],
    [3, 4, 5],
    [0, 1, 4, 3],
    [1, 2, 5, 4],
    [2, 0, 3, 5],
  ],
};

/** VTK's pyramid: quad base 0-1-2-3, apex 4. */
export const PYRAMID: CellShape = {
  name: 'pyramid',
  vertices: [
    [0, 0, 0],
    [1, 0, 0],
    [1, 1, 0],
    [0, 1, 0],
    [0.5, 0.5, 1],
  ],
  edges: [
    [0, 1],
    [1, 2],
    [2, 3],
    [3, 0],
    [0, 4],
    [1, 4],
    [2, 4],
    [3, 4],
  ],
  faces: [
    [0, 3, 2, 1],
    [0, 1, 4],
    [1, 2, 4],
    [2, 3, 4],
    [3, 0, 4],
  ],
};

/** A polygon of n vertices in order (triangles, quads, pixels reordered by the caller). */
export function polygonShape(n: number): CellShape {
  const vertices = Array.from({ length: n }, (_, i) => [
    Math.cos((2 * Math.PI * i) / n),
    Math.sin((2 * Math.PI * i) / n),
    0,
  ]);
  const loop = Array.from({ length: n }, (_, i) => i);
  return {
    name: `${n}-gon`,
    vertices,
    edges: loop.map((i) => [i, (i + 1) % n] as [number, number]),
    faces: [loop],
  };
}

let hexTable: CaseTable | undefined;
/** The structured hexahedron table (built once per thread). */
export function structuredHexTable(): CaseTable {
  hexTable ??= buildCaseTable(STRUCTURED_HEXAHEDRON);
  return hexTable;
}
