/**
 * What a view shows, gathered from the session for a renderer backend: the view (camera,
 * background) and every visible node's output with its representation properties.
 */
import type { DataObject } from '../../engine/data/dataset.js';
import { boundsOf, EMPTY_BOUNDS, leaves, unionBounds } from '../../engine/data/queries.js';
import type { FilterContext } from '../../engine/filters/types.js';
import type { Session, SessionNode } from '../session.js';
import type { FrameRequest, RenderedFrame } from './delivery.js';
import type { ViewState } from './views.js';

export interface SceneActor {
  node: SessionNode;
  data: DataObject;
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

/** Outputs of every visible node, brought up to date. */
export async function gatherActors(session: Session, context: FilterContext = {}): Promise<SceneActor[]> {
  const visible = session.nodes().filter((node) => node.representation.Visibility);
  return Promise.all(visible.map(async (node) => ({ node, data: await session.output(node.id, context) })));
}

/** World bounds of the actors (every block and time step shown). */
export function sceneBounds(actors: readonly SceneActor[]): number[] {
  let bounds = [...EMPTY_BOUNDS] as typeof EMPTY_BOUNDS;
  for (const actor of actors)
    for (const leaf of leaves(actor.data)) bounds = unionBounds(bounds, boundsOf(leaf.data));
  return [...bounds];
}
