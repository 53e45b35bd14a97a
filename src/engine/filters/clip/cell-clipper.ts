/**
 * Clipping one cell against a scalar field: the part where the field is on the kept side.
 *
 * Hexahedra (and voxels) are cut the way VTK's table-based clip (VisIt's tables) cuts them in the
 * eight configurations a smooth field produces, with the same number of cells and of new points
 * (hex-cases.ts): a kept corner is a tetrahedron, a kept edge a wedge, a kept face a
 * hexahedron, and the others are small sets of cells, some around a new centre point. The rare
 * ambiguous configurations are split into six tetrahedra around the main diagonal (the same
 * split for every cell of a structured grid, so faces match) and each is clipped.
 * A clipped tetrahedron is a tetrahedron or a wedge; wedges and pyramids are split into
 * tetrahedra first; 2D cells give polygons, lines give lines. Every cell produced is oriented
 * with positive volume (VTK's point order).
 */
import { PropertyError } from '../../../errors.js';
import { CellType, cellTypeInfo } from '../../data/cell-types.js';
import { type ClipSink, emitHexahedron, emitTetra, emitWedge } from './emit.js';
import { clipHexahedronCase } from './hex-cases.js';

export type { ClipSink } from './emit.js';

/** Kuhn split of the i-j-k hexahedron into six tetrahedra around the diagonal 0–7. */
const KUHN = [
  [0, 1, 3, 7],
  [0, 1, 5, 7],
  [0, 2, 3, 7],
  [0, 2, 6, 7],
  [0, 4, 5, 7],
  [0, 4, 6, 7],
];

/** VTK hexahedron point order in terms of i-j-k bit order (v = dx + 2dy + 4dz). */
const HEX_FROM_BITS = [0, 1, 3, 2, 4, 5, 7, 6];

/** Clips tetrahedron t (input point ids) given which of its points are kept. */
function clipTetra(sink: ClipSink, t: readonly number[], kept: readonly boolean[]): void {
  const inside = [0, 1, 2, 3].filter((k) => kept[k]);
  const outside = [0, 1, 2, 3].filter((k) => !kept[k]);
  if (inside.length === 4) {
    emitTetra(sink, [t[0], t[1], t[2], t[3]]);
  } else if (inside.length === 1) {
    const v = t[inside[0]];
    emitTetra(sink, [v, ...outside.map((o) => sink.cutPoint(v, t[o]))]);
  } else if (inside.length === 3) {
    const o = t[outside[0]];
    const ins = inside.map((k) => t[k]);
    emitWedge(sink, [...ins, ...ins.map((v) => sink.cutPoint(v, o))]);
  } else if (inside.length === 2) {
    // The kept part is a wedge whose triangles sit at the two kept points.
    const [a, b] = inside.map((k) => t[k]);
    const [c, d] = outside.map((k) => t[k]);
    emitWedge(sink, [
      a,
      sink.cutPoint(a, c),
      sink.cutPoint(a, d),
      b,
      sink.cutPoint(b, c),
      sink.cutPoint(b, d),
    ]);
  }
}

/** Kept vertices of each 8-bit mask. */
const KEPT_COUNT = Uint8Array.from({ length: 256 }, (_, mask) => {
  let count = 0;
  for (let v = 0; v < 8; v++) count += (mask >> v) & 1;
  return count;
});

/**
 * Masks of two kept vertices joined by an edge: the vertices (u, v) and the other two axes
 * (o1, o2); null for the others.
 */
const EDGE_CASES: ({ u: number; v: number; o1: number; o2: number } | null)[] = Array.from(
  { length: 256 },
  (_, mask) => {
    if (KEPT_COUNT[mask] !== 2) return null;
    const v = 31 - Math.clz32(mask);
    for (const axis of [1, 2, 4]) {
      const u = v ^ axis;
      if (mask === ((1 << v) | (1 << u))) {
        const [o1, o2] = [1, 2, 4].filter((a) => a !== axis);
        return { u, v, o1, o2 };
      }
    }
    return null;
  },
);

/**
 * Masks of four kept vertices forming a face: the face's vertices in VTK quad order and the
 * axis across it; null for the others (the first face found, as the axes and sides are tried).
 */
const FACE_CASES: ({ ring: number[]; axis: number } | null)[] = Array.from({ length: 256 }, (_, mask) => {
  if (KEPT_COUNT[mask] !== 4) return null;
  for (const axis of [1, 2, 4]) {
    for (const side of [0, axis]) {
      // The face of vertices whose `axis` bit equals `side`.
      const face = [0, 1, 2, 3, 4, 5, 6, 7].filter((v) => (v & axis) === side);
      if (face.every((v) => (mask >> v) & 1)) {
        return { ring: HEX_FROM_BITS.slice(0, 4).map((k) => face[k]), axis };
      }
    }
  }
  return null;
});

/** Clips a hexahedron given in i-j-k bit order (bits[v] is the input id of vertex v). */
function clipHexahedron(sink: ClipSink, bits: ArrayLike<number>, kept: readonly boolean[]): void {
  let mask = 0;
  for (let v = 0; v < 8; v++) if (kept[v]) mask |= 1 << v;
  if (mask === 0) return;
  if (mask === 255) {
    emitHexahedron(
      sink,
      HEX_FROM_BITS.map((v) => bits[v]),
    );
    return;
  }
  const count = KEPT_COUNT[mask];
  if (count === 1) {
    const v = 31 - Math.clz32(mask);
    emitTetra(sink, [bits[v], ...[1, 2, 4].map((axis) => sink.cutPoint(bits[v], bits[v ^ axis]))]);
    return;
  }
  const edge = EDGE_CASES[mask];
  if (edge) {
    const { u, v, o1, o2 } = edge;
    emitWedge(sink, [
      bits[u],
      sink.cutPoint(bits[u], bits[u ^ o1]),
      sink.cutPoint(bits[u], bits[u ^ o2]),
      bits[v],
      sink.cutPoint(bits[v], bits[v ^ o1]),
      sink.cutPoint(bits[v], bits[v ^ o2]),
    ]);
    return;
  }
  if (clipHexahedronCase(sink, bits, mask)) return;
  const face = FACE_CASES[mask];
  if (face) {
    const { ring, axis } = face;
    emitHexahedron(sink, [
      bits[ring[0]],
      bits[ring[1]],
      bits[ring[2]],
      bits[ring[3]],
      sink.cutPoint(bits[ring[0]], bits[ring[0] ^ axis]),
      sink.cutPoint(bits[ring[1]], bits[ring[1] ^ axis]),
      sink.cutPoint(bits[ring[2]], bits[ring[2] ^ axis]),
      sink.cutPoint(bits[ring[3]], bits[ring[3] ^ axis]),
    ]);
    return;
  }
  for (const tet of KUHN) {
    clipTetra(
      sink,
      tet.map((v) => bits[v]),
      tet.map((v) => kept[v]),
    );
  }
}

/** Clips a polygon (points in order) and emits the kept polygon, if any. */
function clipPolygon(sink: ClipSink, ids: readonly number[], kept: readonly boolean[]): void {
  const out: number[] = [];
  const n = ids.length;
  for (let k = 0; k < n; k++) {
    const next = (k + 1) % n;
    if (kept[k]) out.push(ids[k]);
    if (kept[k] !== kept[next]) out.push(sink.cutPoint(ids[k], ids[next]));
  }
  if (out.length < 3) return;
  sink.cell(out.length === 3 ? CellType.TRIANGLE : out.length === 4 ? CellType.QUAD : CellType.POLYGON, out);
}

/**
 * Clips one input cell. `ids` are its input point ids (VTK order), `kept[k]` whether point k is
 * on the kept side. Fully kept cells are not passed here (the caller copies them).
 */
export function clipCell(
  sink: ClipSink,
  cellId: number,
  type: number,
  ids: ArrayLike<number>,
  count: number,
  kept: readonly boolean[],
): void {
  if (type === CellType.VOXEL) {
    clipHexahedron(sink, ids, kept);
    return;
  }
  const list = Array.from({ length: count }, (_, k) => ids[k]);
  switch (type) {
    case CellType.HEXAHEDRON: {
      const bits = HEX_FROM_BITS.map((k) => list[k]);
      clipHexahedron(
        sink,
        bits,
        HEX_FROM_BITS.map((k) => kept[k]),
      );
      return;
    }
    case CellType.TETRA:
      clipTetra(sink, list, kept);
      return;
    case CellType.WEDGE:
      for (const tet of [
        [0, 1, 2, 3],
        [1, 2, 3, 4],
        [2, 3, 4, 5],
      ]) {
        clipTetra(
          sink,
          tet.map((k) => list[k]),
          tet.map((k) => kept[k]),
        );
      }
      return;
    case CellType.PYRAMID:
      for (const tet of [
        [0, 1, 2, 4],
        [0, 2, 3, 4],
      ]) {
        clipTetra(
          sink,
          tet.map((k) => list[k]),
          tet.map((k) => kept[k]),
        );
      }
      return;
    case CellType.TRIANGLE:
    case CellType.QUAD:
    case CellType.POLYGON:
      clipPolygon(sink, list, kept);
      return;
    case CellType.PIXEL:
      clipPolygon(sink, [list[0], list[1], list[3], list[2]], [kept[0], kept[1], kept[3], kept[2]]);
      return;
    case CellType.TRIANGLE_STRIP:
      for (let k = 0; k + 2 < count; k++) {
        const tri = k % 2 === 0 ? [k, k + 1, k + 2] : [k + 1, k, k + 2];
        clipPolygon(
          sink,
          tri.map((i) => list[i]),
          tri.map((i) => kept[i]),
        );
      }
      return;
    case CellType.LINE:
    case CellType.POLY_LINE:
      for (let k = 0; k + 1 < count; k++) {
        if (!kept[k] && !kept[k + 1]) continue;
        const a = kept[k] ? list[k] : sink.cutPoint(list[k], list[k + 1]);
        const b = kept[k + 1] ? list[k + 1] : sink.cutPoint(list[k], list[k + 1]);
        sink.cell(CellType.LINE, [a, b]);
      }
      return;
    case CellType.VERTEX:
    case CellType.POLY_VERTEX:
      for (let k = 0; k < count; k++) if (kept[k]) sink.cell(CellType.VERTEX, [list[k]]);
      return;
    default: {
      const name = cellTypeInfo(type)?.name ?? `type ${type}`;
      throw new PropertyError(
        'Clip',
        'Input',
        `cannot clip ${name} cells (cell ${cellId}); linear cells only`,
      );
    }
  }
}
