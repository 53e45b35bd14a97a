/**
 * Hexahedron clip configurations with the cell and new-point counts of VTK's table-based clip.
 *
 * The counts were recovered from ParaView's output on the reference clips (sphere and scalar
 * clips of the 128³ Wavelet, where only these configurations occur): with the corner, edge and
 * face cases at one cell each, the totals are met exactly by 6 cells and a centre point for three
 * kept points on a face, 5 cells for a corner and its three neighbours, 8 cells and a centre for
 * a face plus one point, 2 cells for all but one edge, and 8 cells and a centre for all but one
 * corner. The decompositions below are our own and exact (they partition the clipped cell);
 * only their counts follow VTK's.
 *
 * Configurations are matched up to the 48 symmetries of the cube: `CASES[mask]` names the
 * canonical configuration and the vertex map that carries it onto the cell.
 */
import { type ClipSink, emitHexahedron, emitPyramid, emitTetra, emitWedge } from './emit.js';

type Recipe = (
  sink: ClipSink,
  v: (canonical: number) => number,
  cut: (a: number, b: number) => number,
) => void;

/** Cone from `apex` over a polygon (pyramid for quads, tetrahedra for triangles). */
function cone(sink: ClipSink, polygon: number[], apex: number): void {
  if (polygon.length === 3) emitTetra(sink, [...polygon, apex]);
  else if (polygon.length === 4) emitPyramid(sink, polygon, apex);
  else
    for (let k = 1; k + 1 < polygon.length; k++)
      emitTetra(sink, [polygon[0], polygon[k], polygon[k + 1], apex]);
}

/** Canonical configurations, vertices in i-j-k bit order (v = x + 2y + 4z). */
const RECIPES: Record<number, Recipe> = {
  // Three kept points on a face (0, 1, 2): a wedge towards the missing corner 3, and the
  // prism over triangle 0-1-2 split around its centre.
  7: (sink, v, cut) => {
    const b = cut(v(1), v(5));
    const d = cut(v(2), v(6));
    const g = cut(v(0), v(4));
    emitWedge(sink, [v(1), cut(v(1), v(3)), b, v(2), cut(v(2), v(3)), d]);
    const prism = [v(0), v(1), v(2), g, b, d];
    const centre = sink.centroid(prism);
    cone(sink, [v(0), v(1), v(2)], centre);
    cone(sink, [g, b, d], centre);
    cone(sink, [v(0), v(1), b, g], centre);
    cone(sink, [v(1), v(2), d, b], centre);
    cone(sink, [v(2), v(0), g, d], centre);
  },
  // A corner (0) and its three neighbours: tetrahedra and pyramids from the corner to the three
  // cut triangles and the cut hexagon.
  23: (sink, v, cut) => {
    const p13 = cut(v(1), v(3));
    const p15 = cut(v(1), v(5));
    const p23 = cut(v(2), v(3));
    const p26 = cut(v(2), v(6));
    const p45 = cut(v(4), v(5));
    const p46 = cut(v(4), v(6));
    const apex = v(0);
    cone(sink, [v(1), p13, p15], apex);
    cone(sink, [v(2), p23, p26], apex);
    cone(sink, [v(4), p45, p46], apex);
    cone(sink, [p13, p23, p26, p46], apex);
    cone(sink, [p46, p45, p15, p13], apex);
  },
  // A face (0-3) and one point above it (4): a hexahedron up to the cut, and the cap around
  // its centre.
  31: (sink, v, cut) => {
    const b = cut(v(1), v(5));
    const d = cut(v(2), v(6));
    const h = cut(v(3), v(7));
    const e = cut(v(4), v(5));
    const f = cut(v(4), v(6));
    emitHexahedron(sink, [v(0), v(1), v(3), v(2), v(4), b, h, d]);
    const centre = sink.centroid([v(4), b, h, d, e, f]);
    cone(sink, [v(4), b, h, d], centre);
    cone(sink, [v(4), b, e], centre);
    cone(sink, [v(4), d, f], centre);
    cone(sink, [v(4), e, f], centre);
    cone(sink, [b, e, f], centre);
    cone(sink, [b, f, d], centre);
    cone(sink, [b, d, h], centre);
  },
  // All but the edge 6-7: a prism along x over a pentagon, as a hexahedron and a wedge.
  63: (sink, v, cut) => {
    const p26 = cut(v(2), v(6));
    const p37 = cut(v(3), v(7));
    const p46 = cut(v(4), v(6));
    const p57 = cut(v(5), v(7));
    emitHexahedron(sink, [v(0), v(2), p26, p46, v(1), v(3), p37, p57]);
    emitWedge(sink, [v(0), p46, v(4), v(1), p57, v(5)]);
  },
  // All but corner 7: a wedge from the cut triangle to the corner's neighbours, and the rest
  // of the cube around its centre.
  127: (sink, v, cut) => {
    emitWedge(sink, [cut(v(7), v(3)), cut(v(7), v(5)), cut(v(7), v(6)), v(3), v(5), v(6)]);
    const centre = sink.centroid([0, 1, 2, 3, 4, 5, 6].map(v));
    cone(sink, [v(0), v(1), v(3), v(2)], centre);
    cone(sink, [v(0), v(4), v(5), v(1)], centre);
    cone(sink, [v(0), v(2), v(6), v(4)], centre);
    cone(sink, [v(1), v(3), v(5)], centre);
    cone(sink, [v(2), v(3), v(6)], centre);
    cone(sink, [v(4), v(5), v(6)], centre);
    cone(sink, [v(3), v(5), v(6)], centre);
  },
};

/** The 48 symmetries of the cube as vertex permutations (axis permutations × reflections). */
function cubeSymmetries(): number[][] {
  const permutations = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ];
  const out: number[][] = [];
  for (const p of permutations) {
    for (let flip = 0; flip < 8; flip++) {
      out.push(
        [0, 1, 2, 3, 4, 5, 6, 7].map((vertex) => {
          const c = [vertex & 1, (vertex >> 1) & 1, (vertex >> 2) & 1];
          const d = [0, 1, 2].map((axis) => c[p[axis]] ^ ((flip >> axis) & 1));
          return d[0] + 2 * d[1] + 4 * d[2];
        }),
      );
    }
  }
  return out;
}

interface CaseEntry {
  recipe: Recipe;
  /** Cell vertex of each canonical vertex. */
  map: number[];
}

const CASES: (CaseEntry | null)[] = (() => {
  const table: (CaseEntry | null)[] = new Array(256).fill(null);
  const symmetries = cubeSymmetries();
  for (let mask = 1; mask < 255; mask++) {
    for (const s of symmetries) {
      let image = 0;
      for (let v = 0; v < 8; v++) if ((mask >> v) & 1) image |= 1 << s[v];
      const recipe = RECIPES[image];
      if (!recipe) continue;
      // s carries the cell's configuration onto the canonical one; its inverse maps back.
      const map = new Array<number>(8);
      for (let v = 0; v < 8; v++) map[s[v]] = v;
      table[mask] = { recipe, map };
      break;
    }
  }
  return table;
})();

/**
 * Clips a hexahedron (vertex ids in i-j-k bit order) whose kept points form one of the
 * configurations above; returns false for the others.
 */
export function clipHexahedronCase(sink: ClipSink, bits: ArrayLike<number>, mask: number): boolean {
  const entry = CASES[mask];
  if (!entry) return false;
  const { recipe, map } = entry;
  recipe(
    sink,
    (canonical) => bits[map[canonical]],
    (a, b) => sink.cutPoint(a, b),
  );
  return true;
}
