/**
 * The session's render views. Kitware clients name the active view `-1`/`"-1"` and keep using it
 * for mouse events after learning the real id (PROTOCOL.md §4.2), so both resolve to one view.
 * Our default view's real id is `"-1"` itself, which also avoids the start-up race of §4.2.
 */

import { PARAVIEW_BACKGROUND } from '../../engine/render/scene/render-view.js';
import { NotFoundError, PropertyError } from '../../errors.js';
import { type CameraState, defaultCamera } from './camera.js';

export interface ViewState {
  id: string;
  camera: CameraState;
  /** RGB in [0, 1]. */
  background: [number, number, number];
  orientationAxesVisibility: boolean;
  centerAxesVisibility: boolean;
  /** Whether the camera was ever reset to data (the first data shown resets it). */
  cameraInitialized: boolean;
}

export const DEFAULT_VIEW_ID = '-1';
const MAX_VIEWS = 16;

export class Views {
  readonly #views = new Map<string, ViewState>();
  #next = 1;

  constructor() {
    this.#views.set(DEFAULT_VIEW_ID, newView(DEFAULT_VIEW_ID));
  }

  /** Resolves `-1`, `"-1"`, null and undefined to the default view. */
  resolveId(viewId: unknown): string {
    if (viewId === undefined || viewId === null || viewId === -1 || viewId === '-1' || viewId === '')
      return DEFAULT_VIEW_ID;
    const id = String(viewId);
    if (!this.#views.has(id)) throw new NotFoundError('view', id);
    return id;
  }

  get(viewId: unknown): ViewState {
    return this.#views.get(this.resolveId(viewId))!;
  }

  list(): ViewState[] {
    return [...this.#views.values()];
  }

  create(): ViewState {
    if (this.#views.size >= MAX_VIEWS) throw new PropertyError('view', 'count', `at most ${MAX_VIEWS} views`);
    const view = newView(`v${this.#next++}`);
    this.#views.set(view.id, view);
    return view;
  }

  remove(viewId: unknown): void {
    const id = this.resolveId(viewId);
    if (id === DEFAULT_VIEW_ID) throw new PropertyError('view', 'id', 'the default view cannot be removed');
    this.#views.delete(id);
  }
}

function newView(id: string): ViewState {
  return {
    id,
    camera: defaultCamera(),
    // ParaView's default view background, as the CLI's `periscope render` uses.
    background: [...PARAVIEW_BACKGROUND],
    orientationAxesVisibility: false,
    centerAxesVisibility: false,
    cameraInitialized: false,
  };
}
