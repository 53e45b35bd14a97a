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

export interface SceneRenderRequest extends FrameRequest {
  view: ViewState;
  actors: SceneActor[];
  format: 'jpeg' | 'png';
}

/** A renderer backend as the session uses it: a scene and a size in, encoded pixels out. */
export type SceneRenderer = (request: SceneRenderRequest) => Promise<RenderedFrame>;

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
