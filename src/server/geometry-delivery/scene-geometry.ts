/**
 * A visible node as vtk.js draws it: the same render geometry the CPU backend rasterises
 * (`representationGeometries`), turned into vtkPolyData-ready arrays (points, normals, cells in
 * vtkCellArray's legacy layout) and coloured exactly as the server colours it — point scalars as
 * the server's colour-map texture plus per-point texture coordinates (scalars interpolated
 * before mapping, nearest texel), cell scalars as RGBA already mapped.
 *
 * Geometry is cached per node output and representation choice, colours per geometry and colour
 * map, so an unchanged array is the same object next time — and so keeps its content hash.
 */

import { DataArray } from '../../engine/data/data-array.js';
import type { LookupTable } from '../../engine/render/color/lookup-table.js';
import type { RenderGeometry } from '../../engine/render/scene/geometry.js';
import { actorGeometries, colorDataRange, type SceneActor } from '../image-delivery/scene.js';
import {
  geometricRepresentation,
  lookupTableKey,
  lookupTableOf,
  type RepresentationProperties,
} from '../representation.js';
import type { GeometryActorProperties, Vector3 } from './messages.js';

/** ParaView's default EdgeColor, as the CPU backend draws Surface With Edges. */
export const EDGE_COLOR: Vector3 = [0, 0, 0.5];

/** Fraction of a texel kept between a point's texture coordinate and its texel's edges. */
const TEXEL_MARGIN = 1e-3;

export type BuiltColoring =
  | { kind: 'solid' }
  | { kind: 'point-texture'; coordinates: Float32Array; texture: Uint8Array; textureWidth: number }
  | { kind: 'cell-rgba'; colors: Uint8Array };

export interface BuiltPiece {
  role: 'surface' | 'edges';
  points: Float32Array;
  normals: Float32Array | undefined;
  verts: Uint32Array | undefined;
  lines: Uint32Array | undefined;
  polys: Uint32Array | undefined;
  coloring: BuiltColoring;
  numberOfPoints: number;
  numberOfCells: number;
}

export interface BuiltActor {
  node: string;
  name: string;
  properties: GeometryActorProperties;
  pieces: BuiltPiece[];
  colorMap?: { preset: string; range: [number, number]; array: string };
}

/** A piece before colouring, with what colouring needs: the source cell of each delivered cell. */
interface UncoloredPiece extends Omit<BuiltPiece, 'coloring'> {
  geometry: RenderGeometry;
  /** Source cell of every delivered cell (verts, lines, polys), for cell colours. */
  cellSources: Uint32Array;
  /** Whether scalars colour this piece (the edges of Surface With Edges are solid). */
  mapsScalars: boolean;
}

interface CachedGeometry {
  geometries: RenderGeometry[];
  pieces: UncoloredPiece[];
}

interface CachedColoring {
  key: string;
  coloring: BuiltColoring;
}

/** Builds (and caches) the delivered form of scene actors. One per session. */
export class SceneGeometryBuilder {
  readonly #pieces = new WeakMap<RenderGeometry[], CachedGeometry>();
  readonly #coloring = new WeakMap<UncoloredPiece, CachedColoring>();

  build(actor: SceneActor): BuiltActor {
    const representation = actor.node.representation;
    const { geometries, pieces } = this.#piecesOf(actor, representation);
    const selection = representation.ColorArrayName;
    const colored = selection !== null && geometries.some((geometry) => geometry.scalars);
    let lookupTable: LookupTable | undefined;
    let range: [number, number] = [0, 1];
    let colorKey = 'solid';
    if (colored) {
      const dataRange = colorDataRange(actor, geometries);
      lookupTable = lookupTableOf(representation, dataRange);
      range = [lookupTable.range[0], lookupTable.range[1]];
      colorKey = lookupTableKey(representation, dataRange);
    }
    const built = pieces.map((piece): BuiltPiece => {
      const { geometry: _, cellSources: __, mapsScalars: ___, ...rest } = piece;
      return { ...rest, coloring: this.#coloringOf(piece, lookupTable, colorKey) };
    });
    return {
      node: actor.node.id,
      name: actor.node.name,
      properties: actorProperties(representation),
      pieces: built,
      ...(colored &&
        lookupTable &&
        selection && { colorMap: { preset: lookupTable.presetName, range, array: selection[1] } }),
    };
  }

  /** The actor's geometry (shared with the frame renderer) cut into deliverable pieces, once per geometry. */
  #piecesOf(actor: SceneActor, representation: RepresentationProperties): CachedGeometry {
    const geometries = actorGeometries(actor);
    const cached = this.#pieces.get(geometries);
    if (cached) return cached;
    const type = geometricRepresentation(representation.Representation);
    const entry = { geometries, pieces: geometries.flatMap((geometry) => piecesOf(geometry, type)) };
    this.#pieces.set(geometries, entry);
    return entry;
  }

  #coloringOf(piece: UncoloredPiece, lookupTable: LookupTable | undefined, key: string): BuiltColoring {
    const scalars = piece.geometry.scalars;
    if (!lookupTable || !scalars || !piece.mapsScalars) return { kind: 'solid' };
    const cached = this.#coloring.get(piece);
    if (cached?.key === key) return cached.coloring;
    const coloring =
      piece.geometry.scalarAssociation === 'POINTS'
        ? pointTexture(scalars, lookupTable)
        : cellColors(scalars, piece.cellSources, lookupTable);
    this.#coloring.set(piece, { key, coloring });
    return coloring;
  }
}

/**
 * The CPU backend's point colouring: texel = floor(s · size) of a `size + 1`-texel texture, s
 * being the interpolated coordinate. A texture `size + 1` texels wide sampled at
 * s · size / (size + 1) with nearest filtering picks the same texel.
 */
function pointTexture(scalars: Float64Array, lookupTable: LookupTable): BuiltColoring {
  const size = lookupTable.buildTexture().length / 4 - 1;
  const texture = lookupTable.buildTexture(size);
  const width = size + 1;
  const coordinates = new Float32Array(scalars.length);
  for (let i = 0; i < scalars.length; i++) {
    const coordinate = lookupTable.textureCoordinate(scalars[i], size);
    if (Number.isNaN(coordinate)) {
      coordinates[i] = (size + 0.5) / width; // the centre of the NaN texel, the last one
      continue;
    }
    // Kept a hair inside its texel: a value on a bin edge (the range ends among them) must not
    // fall into the neighbouring texel when rounded to float32 or sampled by the GPU.
    const texel = coordinate * size;
    const bin = Math.min(size - 1, Math.floor(texel));
    coordinates[i] = Math.min(bin + 1 - TEXEL_MARGIN, Math.max(bin + TEXEL_MARGIN, texel)) / width;
  }
  return { kind: 'point-texture', coordinates, texture, textureWidth: width };
}

function cellColors(
  scalars: Float64Array,
  cellSources: Uint32Array,
  lookupTable: LookupTable,
): BuiltColoring {
  const mapped = lookupTable.mapScalars(new DataArray({ name: 'scalars', values: scalars }), 0);
  const colors = new Uint8Array(cellSources.length * 4);
  for (let i = 0; i < cellSources.length; i++) {
    const source = cellSources[i] * 4;
    colors.set(mapped.subarray(source, source + 4), i * 4);
  }
  return { kind: 'cell-rgba', colors };
}

/** Cells of `count` primitives of `size` vertex ids each, in the legacy `[n, ids…]` layout. */
function legacyCells(ids: Uint32Array, size: number): Uint32Array | undefined {
  const count = ids.length / size;
  if (count === 0) return undefined;
  const cells = new Uint32Array(count * (size + 1));
  for (let c = 0; c < count; c++) {
    cells[c * (size + 1)] = size;
    for (let k = 0; k < size; k++) cells[c * (size + 1) + 1 + k] = ids[c * size + k];
  }
  return cells;
}

function concatenate(parts: readonly Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** What the CPU backend draws of one geometry for `representation`, as delivered pieces. */
function piecesOf(geometry: RenderGeometry, representation: string): UncoloredPiece[] {
  // Private copies: the render geometry's buffers are shared memory the CPU backend reads.
  const points = new Float32Array(geometry.positions);
  const normals = geometry.normals ? new Float32Array(geometry.normals) : undefined;
  const numberOfPoints = points.length / 3;
  const drawTriangles = representation === 'Surface' || representation === 'Surface With Edges';
  const withEdges = representation === 'Surface With Edges';
  const verts = legacyCells(geometry.points, 1);
  const lines = legacyCells(geometry.segments, 2);
  const polys = drawTriangles ? legacyCells(geometry.triangles, 3) : undefined;
  const common = { geometry, points, normals, numberOfPoints };
  const surface: UncoloredPiece = {
    ...common,
    role: 'surface',
    verts,
    lines: withEdges ? undefined : lines,
    polys,
    cellSources: concatenate([
      geometry.pointCells,
      ...(withEdges ? [] : [geometry.segmentCells]),
      ...(drawTriangles ? [geometry.triangleCells] : []),
    ]),
    numberOfCells:
      geometry.points.length +
      (withEdges ? 0 : geometry.segments.length / 2) +
      (drawTriangles ? geometry.triangles.length / 3 : 0),
    mapsScalars: true,
  };
  const pieces = surface.numberOfCells > 0 ? [surface] : [];
  if (withEdges && lines)
    pieces.push({
      ...common,
      role: 'edges',
      verts: undefined,
      lines,
      polys: undefined,
      cellSources: geometry.segmentCells,
      numberOfCells: geometry.segments.length / 2,
      mapsScalars: false,
    });
  return pieces;
}

function vector(value: unknown, fallback: Vector3): Vector3 {
  return Array.isArray(value) && value.length === 3 && value.every((v) => Number.isFinite(v))
    ? [Number(value[0]), Number(value[1]), Number(value[2])]
    : fallback;
}

/**
 * vtkProperty / vtkProp3D values of a representation. Position, Orientation and Scale are read
 * when a representation carries them (the session's schema has none yet: identity).
 */
export function actorProperties(representation: RepresentationProperties): GeometryActorProperties {
  const extra = representation as unknown as Record<string, unknown>;
  return {
    representation: representation.Representation,
    diffuseColor: vector(representation.DiffuseColor, [1, 1, 1]),
    opacity: representation.Opacity,
    pointSize: representation.PointSize,
    lineWidth: representation.LineWidth,
    edgeVisibility: representation.Representation === 'Surface With Edges',
    edgeColor: vector(extra.EdgeColor, EDGE_COLOR),
    position: vector(extra.Position, [0, 0, 0]),
    orientation: vector(extra.Orientation, [0, 0, 0]),
    scale: vector(extra.Scale, [1, 1, 1]),
  };
}
