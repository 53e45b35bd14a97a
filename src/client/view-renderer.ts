/**
 * What every in-browser view renderer of the client library offers, whether it shows frames
 * rendered on the server (`RemoteRenderer`) or renders delivered geometry with vtk.js
 * (`LocalRenderer`), so an application — or the automatic remote/local choice — can swap one
 * for the other on the same element without caring which it holds.
 */
import type { Connection } from './connection.js';

/** ParaView's camera, as `viewport.camera.get` returns it and `viewport.camera.update` takes it. */
export interface ViewCamera {
  position: [number, number, number];
  focalPoint: [number, number, number];
  viewUp: [number, number, number];
  viewAngle: number;
  parallelProjection?: boolean;
  parallelScale?: number;
}

export interface ViewRendererProps {
  connection: Connection;
  /** The element the renderer fills (its canvas follows the element's size). */
  element: HTMLElement;
  /** Server view id (default `-1`, the session's default view, as in ParaViewWeb). */
  view?: string | number;
}

export type RenderMode = 'remote' | 'local';

export interface ViewRenderer {
  readonly mode: RenderMode;
  readonly element: HTMLElement;
  /** Resolves once the first picture is on screen. */
  ready(): Promise<void>;
  /** Asks for a new picture now (after a change the server does not announce, for instance). */
  refresh(): Promise<void>;
  /** Removes listeners, observers and the canvas; leaves the connection open. */
  dispose(): Promise<void>;
}
