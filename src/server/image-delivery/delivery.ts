/**
 * Image delivery: turns "the scene changed" into frames on `viewport.image.push.subscription`,
 * per view and per client, without ever queueing work the client will not see.
 *
 * State per (client, view): the size/quality the client asked for, the scene time (`mtime`) of
 * the last frame it got, whether a render for it is running, and the frame in flight.
 * - Every change bumps the view's mtime; a pump renders when the client is behind and nothing
 *   is running, so a burst of changes during a render becomes one render after it (coalescing).
 * - At most one frame in flight per (client, view): clients that acknowledge (`ack`) get the next
 *   frame after the ack, after a newer `viewport.image.push`, or after `ackTimeoutMs`. The next
 *   frame is rendered while the previous one is in flight and held until the ack, so rendering
 *   overlaps transfer and decoding (never more than one frame waits); clients that
 *   never ack (Kitware's) are paced by the socket itself (droppable publications, one waiting
 *   frame per view).
 * - During interaction frames use the interactive quality/ratio; `stillDelayMs` after the last
 *   interaction event a full-quality still frame follows.
 * - `stale: true` marks a frame when a newer scene is already waiting to be rendered.
 * - Clients asking for the same size and quality of the same scene share one render.
 */
import type { Logger } from 'pino';

export interface FrameRequest {
  viewId: string;
  width: number;
  height: number;
  /** JPEG quality 1–100. */
  quality: number;
  interactive: boolean;
}

export interface RenderedFrame {
  image: Uint8Array;
  format: 'jpeg' | 'png';
  width: number;
  height: number;
}

export type FrameRenderer = (request: FrameRequest) => Promise<RenderedFrame>;

/** The publication payload of §4.3 (VTK's PublishImageDelivery fields). */
export interface ImagePublication {
  image: Uint8Array;
  id: string;
  size: [number, number];
  memsize: number;
  workTime: number;
  format: string;
  mtime: number;
  stale: boolean;
  global_id: string;
  localTime: number;
  /** Ours: counter to acknowledge with `periscope.image.ack`. */
  frame: number;
  interactive: boolean;
}

export interface ImageDeliveryProps {
  render: FrameRenderer;
  /** Sends a frame to one client (droppable, coalesced per view). */
  publish: (clientId: string, viewId: string, payload: ImagePublication) => void;
  logger?: Logger;
  /** JPEG quality while interacting (default 50, paraviewweb's interactive default). */
  interactiveQuality?: number;
  /** Resolution ratio while interacting (default 0.5). */
  interactiveRatio?: number;
  /** Quiet time after the last interaction event before the still frame (default 200 ms). */
  stillDelayMs?: number;
  /** An unacknowledged frame stops blocking after this long (default 1000 ms). */
  ackTimeoutMs?: number;
  /** Largest render edge in pixels (default 4096). */
  maxSize?: number;
}

interface ClientView {
  clientId: string;
  viewId: string;
  observers: number;
  enabled: boolean;
  size: [number, number];
  quality: number;
  ratio: number;
  deliveredMtime: number;
  rendering: boolean;
  inFlight: { frame: number; since: number } | undefined;
  /**
   * A frame rendered while the previous one was still unacknowledged, published on the ack: the
   * next render overlaps the previous frame's transfer and decode instead of following it.
   */
  held: HeldFrame | undefined;
  acknowledges: boolean;
  /** Bumped by size/quality changes and explicit pushes, so a render started before one does not count as delivered. */
  version: number;
}

interface HeldFrame {
  frame: RenderedFrame;
  workTime: number;
  mtime: number;
  version: number;
  interactive: boolean;
}

interface ViewTiming {
  mtime: number;
  interacting: boolean;
  stillTimer: ReturnType<typeof setTimeout> | undefined;
  animation: ReturnType<typeof setInterval> | undefined;
}

export interface DeliveryStats {
  rendersStarted: number;
  rendersShared: number;
  framesPublished: number;
  renderFailures: number;
}

export class ImageDelivery {
  readonly #props: ImageDeliveryProps;
  readonly #clientViews = new Map<string, ClientView>();
  readonly #views = new Map<string, ViewTiming>();
  readonly #renders = new Map<string, Promise<{ frame: RenderedFrame; workTime: number }>>();
  readonly #stats: DeliveryStats = {
    rendersStarted: 0,
    rendersShared: 0,
    framesPublished: 0,
    renderFailures: 0,
  };
  #mtime = 1;
  #frameCounter = 0;
  #maxFps = 30;
  #closed = false;

  constructor(props: ImageDeliveryProps) {
    this.#props = props;
  }

  get stats(): DeliveryStats {
    return { ...this.#stats };
  }

  get maxFps(): number {
    return this.#maxFps;
  }

  set maxFps(fps: number) {
    this.#maxFps = Math.min(120, Math.max(1, fps));
  }

  /** `viewport.image.push.observer.add`: the client wants frames of the view. */
  observe(clientId: string, viewId: string): void {
    const state = this.#clientView(clientId, viewId);
    state.observers++;
    this.#pump(state);
  }

  unobserve(clientId: string, viewId: string): void {
    const state = this.#clientViews.get(key(clientId, viewId));
    if (!state) return;
    state.observers = Math.max(0, state.observers - 1);
    if (state.observers === 0) this.#clientViews.delete(key(clientId, viewId));
  }

  setEnabled(clientId: string, viewId: string, enabled: boolean): void {
    const state = this.#clientView(clientId, viewId);
    state.enabled = enabled;
    this.#pump(state);
  }

  /** The size this client shows the view at, in pixels. */
  sizeOf(clientId: string, viewId: string): [number, number] {
    const [width, height] = this.#clientView(clientId, viewId).size;
    return [width, height];
  }

  setSize(clientId: string, viewId: string, width: number, height: number): void {
    const max = this.#props.maxSize ?? 4096;
    const state = this.#clientView(clientId, viewId);
    const next: [number, number] = [clampSize(width, max), clampSize(height, max)];
    if (next[0] === state.size[0] && next[1] === state.size[1]) return;
    state.size = next;
    this.#forget(state);
  }

  setQuality(clientId: string, viewId: string, quality: number, ratio = 1): void {
    const state = this.#clientView(clientId, viewId);
    state.quality = Math.round(Math.min(100, Math.max(1, Number(quality) || 100)));
    state.ratio = Math.min(1, Math.max(0.05, Number(ratio) || 1));
    this.#forget(state);
  }

  /** The client got frame `frame`: the next one may be sent. */
  acknowledge(clientId: string, viewId: string, frame: number): void {
    const state = this.#clientView(clientId, viewId);
    state.acknowledges = true;
    if (state.inFlight && frame >= state.inFlight.frame) state.inFlight = undefined;
    this.#pump(state);
  }

  /** `viewport.image.push` / `invalidate.cache`: this client wants a fresh frame now. */
  push(clientId: string, viewId: string): void {
    const state = this.#clientView(clientId, viewId);
    if (state.observers === 0) state.observers = 1;
    state.inFlight = undefined;
    this.#forget(state);
    this.#pump(state);
  }

  /** The scene of `viewId` (or of every view) changed: everyone watching it gets a new frame. */
  invalidate(viewId?: string): void {
    const mtime = ++this.#mtime;
    for (const [id, timing] of this.#views) if (viewId === undefined || id === viewId) timing.mtime = mtime;
    if (viewId !== undefined) this.#timing(viewId).mtime = mtime;
    for (const state of this.#clientViews.values())
      if (viewId === undefined || state.viewId === viewId) this.#pump(state);
  }

  /** The scene time of a view now: a frame published with `mtime` ≥ this one shows every change so far. */
  mtimeOf(viewId: string): number {
    return this.#timing(viewId).mtime;
  }

  /** A mouse/wheel event moved the camera: interactive frames now, a still frame after a pause. */
  interact(viewId: string, ended = false): void {
    const timing = this.#timing(viewId);
    timing.interacting = !ended;
    clearTimeout(timing.stillTimer);
    timing.stillTimer = undefined;
    if (ended) {
      this.invalidate(viewId);
      return;
    }
    this.invalidate(viewId);
    timing.stillTimer = setTimeout(() => {
      timing.stillTimer = undefined;
      timing.interacting = false;
      this.invalidate(viewId);
    }, this.#props.stillDelayMs ?? 200);
  }

  /** Streams the view at `maxFps`; `tick` runs before each frame (advancing time, say). */
  startAnimation(viewId: string, tick?: () => void | Promise<void>): void {
    const timing = this.#timing(viewId);
    clearInterval(timing.animation);
    let busy = false;
    timing.animation = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        await tick?.();
        this.invalidate(viewId);
      } catch (error) {
        this.#props.logger?.warn({ err: error, viewId }, 'animation tick failed; animation stopped');
        this.stopAnimation(viewId);
      } finally {
        busy = false;
      }
    }, 1000 / this.#maxFps);
  }

  stopAnimation(viewId: string): void {
    const timing = this.#views.get(viewId);
    if (timing) clearInterval(timing.animation);
    if (timing) timing.animation = undefined;
  }

  isAnimating(viewId: string): boolean {
    return this.#views.get(viewId)?.animation !== undefined;
  }

  removeClient(clientId: string): void {
    for (const [id, state] of this.#clientViews)
      if (state.clientId === clientId) this.#clientViews.delete(id);
  }

  close(): void {
    this.#closed = true;
    for (const timing of this.#views.values()) {
      clearTimeout(timing.stillTimer);
      clearInterval(timing.animation);
    }
    this.#clientViews.clear();
  }

  #timing(viewId: string): ViewTiming {
    let timing = this.#views.get(viewId);
    if (!timing) {
      timing = { mtime: this.#mtime, interacting: false, stillTimer: undefined, animation: undefined };
      this.#views.set(viewId, timing);
    }
    return timing;
  }

  #clientView(clientId: string, viewId: string): ClientView {
    let state = this.#clientViews.get(key(clientId, viewId));
    if (!state) {
      state = {
        clientId,
        viewId,
        observers: 0,
        enabled: true,
        size: [400, 400],
        quality: 100,
        ratio: 1,
        deliveredMtime: 0,
        rendering: false,
        inFlight: undefined,
        held: undefined,
        acknowledges: false,
        version: 0,
      };
      this.#clientViews.set(key(clientId, viewId), state);
    }
    return state;
  }

  /** The client's last frame no longer matches what it asked for. */
  #forget(state: ClientView): void {
    state.deliveredMtime = 0;
    state.version++;
    state.held = undefined;
  }

  #pump(state: ClientView): void {
    if (this.#closed || state.rendering || state.observers === 0 || !state.enabled) return;
    const timing = this.#timing(state.viewId);
    if (state.inFlight) {
      const waited = performance.now() - state.inFlight.since;
      const timeout = this.#props.ackTimeoutMs ?? 1000;
      if (waited >= timeout) state.inFlight = undefined;
      else if (state.held) {
        // One frame in flight and the next one ready: wait for the ack (or its timeout).
        setTimeout(() => this.#pump(state), timeout - waited + 1).unref();
        return;
      }
    }
    if (state.held && !state.inFlight) {
      const held = state.held;
      state.held = undefined;
      this.#publish(state, held);
    }
    if (state.deliveredMtime >= timing.mtime || state.held) return;
    void this.#renderFor(state, timing);
  }

  async #renderFor(state: ClientView, timing: ViewTiming): Promise<void> {
    state.rendering = true;
    const mtime = timing.mtime;
    const version = state.version;
    const interactive = timing.interacting || timing.animation !== undefined;
    const ratio = interactive ? Math.min(state.ratio, this.#props.interactiveRatio ?? 0.5) : state.ratio;
    const request: FrameRequest = {
      viewId: state.viewId,
      width: Math.max(1, Math.floor(state.size[0] * ratio)),
      height: Math.max(1, Math.floor(state.size[1] * ratio)),
      quality: interactive ? Math.min(state.quality, this.#props.interactiveQuality ?? 50) : state.quality,
      interactive,
    };
    try {
      const { frame, workTime } = await this.#sharedRender(request, mtime);
      if (this.#closed || this.#clientViews.get(key(state.clientId, state.viewId)) !== state) return;
      // Counted as delivered now, so the pump does not render the same scene again while it waits.
      if (state.version === version) state.deliveredMtime = mtime;
      const rendered: HeldFrame = { frame, workTime, mtime, version, interactive };
      if (state.inFlight) state.held = rendered;
      else this.#publish(state, rendered);
    } catch (error) {
      this.#stats.renderFailures++;
      // A failing scene must not loop: mark it delivered and wait for the next change.
      if (state.version === version) state.deliveredMtime = mtime;
      this.#props.logger?.error({ err: error, viewId: state.viewId }, 'render failed');
    } finally {
      state.rendering = false;
    }
    this.#pump(state);
  }

  #publish(state: ClientView, rendered: HeldFrame): void {
    const { frame, workTime, mtime, version, interactive } = rendered;
    const id = state.viewId;
    const number = ++this.#frameCounter;
    this.#props.publish(state.clientId, id, {
      image: frame.image,
      id,
      size: [frame.width, frame.height],
      memsize: frame.image.byteLength,
      workTime,
      format: frame.format,
      mtime,
      stale: this.#timing(id).mtime > mtime || state.version !== version,
      global_id: id,
      localTime: 0,
      frame: number,
      interactive,
    });
    this.#stats.framesPublished++;
    if (state.acknowledges) state.inFlight = { frame: number, since: performance.now() };
  }

  #sharedRender(request: FrameRequest, mtime: number): Promise<{ frame: RenderedFrame; workTime: number }> {
    const renderKey = `${request.viewId}|${mtime}|${request.width}x${request.height}|${request.quality}`;
    const existing = this.#renders.get(renderKey);
    if (existing) {
      this.#stats.rendersShared++;
      return existing;
    }
    this.#stats.rendersStarted++;
    const started = performance.now();
    const promise = this.#props
      .render(request)
      .then((frame) => ({ frame, workTime: Math.round(performance.now() - started) }))
      .finally(() => this.#renders.delete(renderKey));
    this.#renders.set(renderKey, promise);
    return promise;
  }
}

function key(clientId: string, viewId: string): string {
  return `${clientId}\u0000${viewId}`;
}

function clampSize(value: number, max: number): number {
  const n = Math.round(Number(value));
  return Number.isFinite(n) ? Math.min(max, Math.max(1, n)) : 400;
}
