/**
 * LocalRenderer: a view drawn in the browser with vtk.js from geometry the session delivers
 * (`periscope.geometry.get`), with the server's camera and background and the server's exact
 * colours (its colour-map texture sampled nearest, or its per-cell RGBA). Arrays are cached by
 * content hash (`GeometryCache`), so a refetch after a pipeline change carries only what changed.
 *
 * State: loading ─scene shown─► showing ─periscope.pipeline.changed─► refetching ─► showing;
 * dispose() from any state. Camera: `periscope.view.changed` moves the local camera unless the
 * user is interacting here or a camera update of ours is on its way; the user's drags and wheel
 * zooms go back with `viewport.camera.update.params` (at most one call in flight, the latest
 * camera wins), so other clients and the remote renderer follow.
 *
 * vtk.js is loaded when the first LocalRenderer starts (`vtk-view.ts`), so importing the client
 * library in Node does not load it.
 */
import {
  type DeliveryChoice,
  GEOMETRY_GET_METHOD,
  type GeometryScene,
  PIPELINE_TOPIC,
  VIEW_TOPIC,
  type ViewCameraState,
} from '../server/geometry-delivery/messages.js';
import type { Connection } from './connection.js';
import { GeometryCache } from './geometry-cache.js';
import type { ViewRenderer, ViewRendererProps } from './view-renderer.js';
import type { RenderedPixels, VtkView } from './vtk-view.js';

export type { RenderedPixels } from './vtk-view.js';

const CAMERA_UPDATE_METHOD = 'viewport.camera.update.params';

export interface LocalRendererProps extends ViewRendererProps {
  /** Array store; pass one to share arrays between renderers of one connection (default: its own). */
  cache?: GeometryCache;
  /** Send the user's camera to the server while interacting (default true). */
  shareCamera?: boolean;
  /** Failures of background work (refetches, camera updates); default console.error. */
  onError?: (error: Error) => void;
}

export class LocalRenderer implements ViewRenderer {
  readonly mode = 'local' as const;
  readonly element: HTMLElement;
  readonly cache: GeometryCache;
  readonly #connection: Connection;
  readonly #view: string | number;
  readonly #shareCamera: boolean;
  readonly #onError: (error: Error) => void;
  readonly #cleanups: (() => void)[] = [];
  readonly #started: Promise<VtkView>;
  readonly #ready: Promise<void>;
  #vtk: VtkView | undefined;
  #scene: GeometryScene | undefined;
  #signature = '';
  #refreshing: Promise<void> | undefined;
  #refreshAgain = false;
  #interacting = false;
  #cameraInFlight = false;
  #cameraPending = false;
  #disposed = false;

  constructor(props: LocalRendererProps) {
    this.element = props.element;
    this.#connection = props.connection;
    this.#view = props.view ?? -1;
    this.cache = props.cache ?? new GeometryCache();
    this.#shareCamera = props.shareCamera ?? true;
    this.#onError = props.onError ?? ((error) => console.error('LocalRenderer', error));
    this.#cleanups.push(
      this.#connection.subscribe(PIPELINE_TOPIC, () => {
        this.refresh().catch((error: unknown) => this.#report(error));
      }),
      this.#connection.subscribe(VIEW_TOPIC, (payload) => this.#onViewChanged(payload)),
    );
    this.#started = this.#start();
    this.#ready = this.refresh();
    // A caller that never asks for ready() must not see an unhandled rejection.
    this.#ready.catch(() => {});
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  /** The server's latest remote/local choice for this view (after the first fetch). */
  get delivery(): DeliveryChoice | undefined {
    return this.#scene?.delivery;
  }

  /** The scene shown (its `arrays` emptied: they live in `cache`). */
  get scene(): GeometryScene | undefined {
    return this.#scene;
  }

  /** Fetches the view's geometry (only arrays not cached) and redraws. Concurrent calls coalesce. */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return this.#refreshing;
    }
    const run = async () => {
      do {
        this.#refreshAgain = false;
        await this.#fetchAndShow();
      } while (this.#refreshAgain && !this.#disposed);
    };
    this.#refreshing = run().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Renders now and returns the pixels (screenshots, tests). */
  readPixels(): RenderedPixels {
    if (!this.#vtk) throw new Error('LocalRenderer: not started or disposed');
    return this.#vtk.readPixels();
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    await this.#refreshing?.catch(() => {});
    const vtk = await this.#started.catch(() => undefined);
    vtk?.dispose();
    this.#vtk = undefined;
  }

  async #start(): Promise<VtkView> {
    const { VtkView } = await import('./vtk-view.js');
    const vtk = new VtkView(this.element);
    if (this.#disposed) {
      vtk.dispose();
      throw new Error('LocalRenderer disposed while starting');
    }
    this.#vtk = vtk;
    const observer = new ResizeObserver(() => {
      if (!this.#disposed) vtk.resize();
    });
    observer.observe(this.element);
    this.#cleanups.push(() => observer.disconnect());
    vtk.onInteraction({
      start: () => {
        this.#interacting = true;
      },
      step: () => this.#sendCamera(),
      end: () => {
        this.#interacting = false;
        this.#sendCamera();
      },
    });
    return vtk;
  }

  async #fetchAndShow(): Promise<void> {
    const [vtk, scene] = await Promise.all([
      this.#started,
      this.#connection.call<GeometryScene>(GEOMETRY_GET_METHOD, [
        { view: this.#view, have: this.cache.hashes() },
      ]),
    ]);
    if (this.#disposed) return;
    this.cache.receive(scene);
    this.#scene = { ...scene, arrays: {} };
    // Pieces name their arrays by content, so an equal description is an equal picture: changes
    // that leave this view alone (another node's properties, a time step of static data) cost
    // no rebuild.
    const signature = JSON.stringify([scene.actors, scene.background]);
    if (signature !== this.#signature) vtk.show(scene, this.cache);
    this.#signature = signature;
    if (!this.#interacting) vtk.setCamera(scene.camera);
    vtk.render();
  }

  #onViewChanged(payload: unknown): void {
    const change = payload as { view?: unknown; camera?: ViewCameraState } | null;
    if (this.#disposed || !this.#vtk || !change?.camera || String(change.view) !== this.#viewId()) return;
    // Our own updates echo back; while the user drags here, the local camera leads.
    if (this.#interacting || this.#cameraInFlight) return;
    this.#vtk.setCamera(change.camera);
    this.#vtk.render();
  }

  /** The server's id of this view (`-1` until a scene names it). */
  #viewId(): string {
    return this.#scene?.view ?? String(this.#view);
  }

  #sendCamera(): void {
    if (!this.#shareCamera || this.#disposed || !this.#vtk) return;
    if (this.#cameraInFlight) {
      this.#cameraPending = true;
      return;
    }
    this.#cameraInFlight = true;
    this.#connection
      .call(CAMERA_UPDATE_METHOD, [this.#viewId(), this.#vtk.camera()])
      .catch((error: unknown) => {
        // Viewers may look around locally; the shared camera is not theirs to move.
        if ((error as { code?: unknown }).code !== 'PERISCOPE_E_ACCESS_DENIED') this.#report(error);
      })
      .finally(() => {
        this.#cameraInFlight = false;
        if (this.#cameraPending) {
          this.#cameraPending = false;
          this.#sendCamera();
        }
      });
  }

  #report(error: unknown): void {
    if (this.#disposed) return;
    this.#onError(error instanceof Error ? error : new Error(String(error)));
  }
}
