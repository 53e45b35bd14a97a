/**
 * What a view shows, gathered from the session for a renderer backend: the view (camera,
 * background) and every visible node's output with its representation properties.
 */
import { MAGNITUDE } from '../../engine/data/data-array.js';
import type { DataObject, ImageData } from '../../engine/data/dataset.js';
import { boundsOf, EMPTY_BOUNDS, leaves, unionBounds } from '../../engine/data/queries.js';
import { getFilter } from '../../engine/filters/catalogue.js';
import { executeFilter } from '../../engine/filters/off-thread.js';
import type { FilterContext } from '../../engine/filters/types.js';
import { type RenderGeometry, scalarRange } from '../../engine/render/scene/geometry.js';
import { imageSlice, sliceIndex } from '../../engine/render/scene/image-slice.js';
import { representationGeometries } from '../../engine/render/scene/representation-geometry.js';
import { geometricRepresentation, type RepresentationProperties } from '../representation.js';
import type { Session, SessionNode } from '../session.js';
import type { FrameRequest, RenderedFrame } from './delivery.js';
import type { ViewState } from './views.js';

export interface SceneActor {
  node: SessionNode;
  data: DataObject;
  /**
   * What the node's representation draws from: for Surface, Surface With Edges, Wireframe and
   * Feature Edges of data that is not PolyData, its outer surface (ExtractSurface); else `data`.
   */
  drawable: DataObject;
}

/** Text pinned to a world point (the collaboration's 3D annotations). */
export interface SceneAnnotation {
  text: string;
  position: [number, number, number];
  /** CSS `#rrggbb`. */
  color: string;
}

export interface SceneRenderRequest extends FrameRequest {
  view: ViewState;
  actors: SceneActor[];
  format: 'jpeg' | 'png';
  /** Drawn over the scene at their projected positions. */
  annotations?: readonly SceneAnnotation[];
}

/** What lies under a pixel of a view: the actor's node, the surface cell and point, the world position. */
export interface ScenePick {
  node: SceneActor['node'];
  /** Cell of the rendered surface (the dataset's own for PolyData, else of its extracted surface). */
  cellId: number;
  /** The picked cell's vertex nearest the picked position, in the same numbering. */
  pointId: number | undefined;
  worldPosition: [number, number, number];
}

export interface ScenePickRequest extends Omit<SceneRenderRequest, 'format' | 'quality'> {
  /** Pixel column from the left and row from the top of a `width` × `height` frame. */
  x: number;
  y: number;
}

/**
 * A renderer backend as the session uses it: a scene and a size in, encoded pixels out; and
 * optionally picking, which renders the same scene and reads what lies under one pixel.
 */
export type SceneRenderer = ((request: SceneRenderRequest) => Promise<RenderedFrame>) & {
  pick?: (request: ScenePickRequest) => Promise<ScenePick | undefined>;
};

const SURFACE_REPRESENTATIONS: ReadonlySet<string> = new Set([
  'Surface',
  'Slice',
  'Surface With Edges',
  'Wireframe',
  'Feature Edges',
]);
const surfaces = new WeakMap<DataObject, Promise<DataObject>>();

/**
 * The outer surface of non-PolyData, extracted once per data object — in a pool worker when the
 * data is large (`executeFilter`): on 2 M hexahedra ExtractSurface holds its thread for seconds,
 * and this thread is every client's.
 */
const slices = new WeakMap<ImageData, Map<string, ImageData>>();

/** The layer a Slice representation shows, cut once per image, mode and index. */
function sliceOf(image: ImageData, representation: RepresentationProperties): ImageData {
  const index = sliceIndex(image, representation.SliceMode, representation.Slice);
  const key = `${representation.SliceMode}|${index}`;
  let byKey = slices.get(image);
  if (!byKey) {
    byKey = new Map();
    slices.set(image, byKey);
  }
  let slice = byKey.get(key);
  if (!slice) {
    slice = imageSlice(image, representation.SliceMode, index);
    byKey.set(key, slice);
  }
  return slice;
}

function drawableOf(
  data: DataObject,
  representationProperties: RepresentationProperties,
  context: FilterContext,
): Promise<DataObject> {
  const representation = representationProperties.Representation;
  if (representation === 'Slice' && data.type === 'ImageData')
    return Promise.resolve(sliceOf(data, representationProperties));
  const polygonal = [...leaves(data)].every((leaf) => leaf.data.type === 'PolyData');
  if (!SURFACE_REPRESENTATIONS.has(representation) || polygonal || data.type === 'TimeSeries')
    return Promise.resolve(data);
  let surface = surfaces.get(data);
  if (!surface) {
    const extractSurface = getFilter('ExtractSurface');
    if (!extractSurface) return Promise.resolve(data);
    surface = executeFilter(extractSurface, [data], {}, context);
    surfaces.set(data, surface);
    // A cancelled or failed extraction is tried again next time.
    surface.catch(() => surfaces.delete(data));
  }
  return surface;
}

const geometryCache = new WeakMap<DataObject, { key: string; geometries: RenderGeometry[] }>();

/**
 * What an actor's representation draws as geometry (`geometricRepresentation`: a volume, its
 * outline), built once per drawable and drawing choice and shared by the frame renderer and
 * geometry delivery.
 */
export function actorGeometries(actor: SceneActor): RenderGeometry[] {
  const representation = actor.node.representation;
  const key = JSON.stringify([representation.Representation, representation.ColorArrayName]);
  const cached = geometryCache.get(actor.drawable);
  if (cached?.key === key) return cached.geometries;
  const selection = representation.ColorArrayName;
  const geometries = representationGeometries(
    actor.drawable,
    geometricRepresentation(representation.Representation),
    selection ? { association: selection[0], name: selection[1] } : undefined,
  );
  geometryCache.set(actor.drawable, { key, geometries });
  return geometries;
}

/**
 * The data range a node's colour map spans by default: that of what is drawn, except for a Slice,
 * which, as in ParaView, is coloured over the whole image's range so that every layer matches.
 */
export function colorDataRange(actor: SceneActor, geometries: readonly RenderGeometry[]): [number, number] {
  const selection = actor.node.representation.ColorArrayName;
  if (actor.node.representation.Representation === 'Slice' && actor.data.type === 'ImageData' && selection) {
    const fields = selection[0] === 'CELLS' ? actor.data.cellData : actor.data.pointData;
    const array = fields.getDataArray(selection[1]);
    if (array) return array.getRange(array.numberOfComponents === 1 ? 0 : MAGNITUDE);
  }
  return scalarRange(geometries);
}

/** Outputs of every visible node, brought up to date, with what their representations draw from. */
export async function gatherActors(session: Session, context: FilterContext = {}): Promise<SceneActor[]> {
  const visible = session.nodes().filter((node) => node.representation.Visibility);
  return Promise.all(
    visible.map(async (node) => {
      const data = await session.output(node.id, context);
      return { node, data, drawable: await drawableOf(data, node.representation, context) };
    }),
  );
}

/** World bounds of the actors (every block and time step shown). */
export function sceneBounds(actors: readonly SceneActor[]): number[] {
  let bounds = [...EMPTY_BOUNDS] as typeof EMPTY_BOUNDS;
  for (const actor of actors)
    for (const leaf of leaves(actor.data)) bounds = unionBounds(bounds, boundsOf(leaf.data));
  return [...bounds];
}
