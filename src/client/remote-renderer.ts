/**
 * `RemoteRenderer`: shows the frames a session server renders for a view and sends the user's
 * gestures back, in any element of a page, without a framework.
 *
 * - Frames arrive on `viewport.image.push.subscription` (PROTOCOL.md §4.3). Each is decoded off
 *   screen (`createImageBitmap`) and then drawn in one step, so the canvas never shows a blank
 *   or half-drawn picture; a frame arriving while another decodes waits, and only the newest
 *   waiting one is drawn.
 * - Every frame is acknowledged (`periscope.image.ack`) once drawn or skipped: the server keeps
 *   one frame in flight per client, so a slow client gets fewer frames instead of a backlog.
 *   Against servers without acknowledgements (Python wslink) it silently stops acking.
 * - The element's size (CSS pixels × `pixelRatio`) is the size frames are rendered at for this
 *   client: sent as `viewport.image.push.original.size` before observing, then as
 *   `viewport.size.update` whenever a ResizeObserver reports a change.
 * - Pointer, wheel and touch input go through `GestureTranslator` (`gestures.ts`) to
 *   `viewport.mouse.interaction` / `viewport.mouse.zoom.wheel`; the server renders interactive
 *   frames while they come and a still frame after.
 *
 * State: starting ─first frame drawn─► showing ─dispose()─► disposed. `ready()` rejects if
 * start-up fails or the renderer is disposed first. The element must have a size of its own
 * (the canvas fills it).
 */
import { CancelledError } from '../errors.js';
import { RemoteCallError } from '../protocol/errors.js';
import type { Connection } from './connection.js';
import { type ElementSize, GestureTranslator, type PointerInput, type RemoteEvent } from './gestures.js';
import type { RenderMode, ViewRenderer, ViewRendererProps } from './view-renderer.js';

export const IMAGE_TOPIC = 'viewport.image.push.subscription';

export interface RemoteRendererProps extends ViewRendererProps {
  /** JPEG quality of still frames, 1–100 (default: the server's, 100). */
  quality?: number;
  /** Device pixels per CSS pixel of the frames asked for (default `window.devicePixelRatio`). */
  pixelRatio?: number;
  /** Quiet time after the last wheel event before the zoom counts as ended (default 150 ms). */
  wheelEndDelayMs?: number;
  /** Called after each frame is on screen. */
  onFrame?: (frame: RemoteFrame) => void;
  /** Failures after start-up, such as an interaction a viewer may not make (default `console.warn`). */
  onError?: (error: Error) => void;
}

/** A frame as drawn. */
export interface RemoteFrame {
  /** The server's frame number (0 from servers that do not number frames). */
  frame: number;
  width: number;
  height: number;
  /** Rendered at interactive quality and ratio. */
  interactive: boolean;
  /** A newer picture was already on its way when this one was sent. */
  stale: boolean;
  /** Server render + encode time, ms. */
  workTime: number;
  /** Encoded size in bytes. */
  bytes: number;
}

export interface RemoteRendererStats {
  framesReceived: number;
  framesDrawn: number;
  /** Replaced by a newer frame before they could be drawn. */
  framesSkipped: number;
  /** Acknowledgements the server confirmed. */
  framesAcknowledged: number;
  decodeFailures: number;
}

interface IncomingFrame {
  image: Uint8Array;
  format: string;
  frame: number | undefined;
  width: number;
  height: number;
  interactive: boolean;
  stale: boolean;
  workTime: number;
  /** Position in the order frames were received. */
  sequence: number;
}

interface FrameWaiter {
  afterSequence: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class RemoteRenderer implements ViewRenderer {
  readonly mode: RenderMode = 'remote';
  readonly element: HTMLElement;
  /** The canvas frames are drawn on (a child of `element`). */
  readonly canvas: HTMLCanvasElement;
  readonly #connection: Connection;
  readonly #props: RemoteRendererProps;
  readonly #context: CanvasRenderingContext2D;
  readonly #gestures: GestureTranslator;
  readonly #stats: RemoteRendererStats = {
    framesReceived: 0,
    framesDrawn: 0,
    framesSkipped: 0,
    framesAcknowledged: 0,
    decodeFailures: 0,
  };
  readonly #cleanups: (() => void)[] = [];
  readonly #ready: Promise<void>;
  readonly #started: Promise<void>;
  #settleReady!: (error?: Error) => void;
  #viewId: string;
  #size: [number, number] = [0, 0];
  #sentSize = '';
  #decoding = false;
  #pending: IncomingFrame | undefined;
  #sequence = 0;
  #lastFrame: RemoteFrame | undefined;
  #waiters: FrameWaiter[] = [];
  #acknowledges = true;
  #wheelTimer: ReturnType<typeof setTimeout> | undefined;
  #touchFrame: number | undefined;
  #disposed = false;

  constructor(props: RemoteRendererProps) {
    this.#props = props;
    this.#connection = props.connection;
    this.element = props.element;
    this.#viewId = String(props.view ?? -1);
    this.#gestures = new GestureTranslator({ view: props.view ?? -1 });
    this.canvas = document.createElement('canvas');
    // No touch-action: the page must not scroll or zoom under a one- or two-finger drag.
    this.canvas.style.cssText = 'display: block; width: 100%; height: 100%; touch-action: none';
    const context = this.canvas.getContext('2d', { alpha: false });
    if (!context) throw new Error('RemoteRenderer: the browser gives no 2D canvas context');
    this.#context = context;
    this.element.appendChild(this.canvas);
    this.#ready = new Promise<void>((resolve, reject) => {
      let settled = false;
      this.#settleReady = (error) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve();
      };
    });
    // A caller that never asks for ready() must not see an unhandled rejection.
    this.#ready.catch(() => {});
    this.#bindInput();
    this.#started = this.#start();
    this.#started.catch((error: unknown) => this.#settleReady(asError(error)));
  }

  /** The server's id of the view shown. */
  get viewId(): string {
    return this.#viewId;
  }

  get stats(): RemoteRendererStats {
    return { ...this.#stats };
  }

  /** The frame on screen. */
  get lastFrame(): RemoteFrame | undefined {
    return this.#lastFrame;
  }

  /** The frame size this client asks for, in device pixels. */
  get size(): [number, number] {
    return [this.#size[0], this.#size[1]];
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  /** Asks the server for a fresh frame; resolves once a frame sent after the request is drawn. */
  async refresh(): Promise<void> {
    await this.#started;
    this.#assertLive();
    await this.#connection.call('viewport.image.push', [{ view: this.#viewId, size: this.#size }]);
    this.#assertLive();
    const afterSequence = this.#sequence;
    return new Promise((resolve, reject) => this.#waiters.push({ afterSequence, resolve, reject }));
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#wheelTimer);
    if (this.#touchFrame !== undefined) cancelAnimationFrame(this.#touchFrame);
    const released = this.#gestures.release(this.#cssSize());
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#send(released);
    this.#pending = undefined;
    const cancelled = new CancelledError('remote renderer');
    this.#settleReady(cancelled);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(cancelled);
    this.canvas.remove();
    try {
      await this.#started;
    } catch {
      return; // never observed: nothing to undo on the server
    }
    if (this.#connection.state === 'open')
      await this.#connection.call('viewport.image.push.observer.remove', [this.#viewId]).catch(() => {});
  }

  async #start(): Promise<void> {
    const stop = this.#connection.subscribe(IMAGE_TOPIC, (payload) => this.#receive(payload));
    this.#cleanups.push(stop);
    this.#measure();
    const [width, height] = this.#size;
    // The size goes first, so the first frame the observer triggers already has it.
    await this.#connection.call('viewport.image.push.original.size', [this.#viewId, width, height]);
    this.#sentSize = `${width}x${height}`;
    if (this.#props.quality !== undefined)
      await this.#connection.call('viewport.image.push.quality', [this.#viewId, this.#props.quality, 1]);
    this.#assertLive();
    const registered = await this.#connection.call('viewport.image.push.observer.add', [this.#viewId]);
    const viewId = (registered as { viewId?: unknown } | null)?.viewId;
    if (typeof viewId === 'string' || typeof viewId === 'number') this.#viewId = String(viewId);
    if (this.#disposed) {
      await this.#connection.call('viewport.image.push.observer.remove', [this.#viewId]).catch(() => {});
      throw new CancelledError('remote renderer');
    }
    const observer = new ResizeObserver(() => this.#resized());
    observer.observe(this.element);
    this.#cleanups.push(() => observer.disconnect());
    this.#watchPixelRatio();
    // The element may have changed size while the calls above were under way.
    this.#resized();
  }

  /** A window moved to a screen of another density changes the device size, not the element's. */
  #watchPixelRatio(): void {
    if (this.#props.pixelRatio !== undefined || typeof globalThis.matchMedia !== 'function') return;
    const query = globalThis.matchMedia(`(resolution: ${globalThis.devicePixelRatio}dppx)`);
    const changed = () => {
      this.#resized();
      this.#watchPixelRatio();
    };
    query.addEventListener('change', changed, { once: true });
    this.#cleanups.push(() => query.removeEventListener('change', changed));
  }

  #assertLive(): void {
    if (this.#disposed) throw new CancelledError('remote renderer');
  }

  /** The canvas fills the element's content box: its size is the picture's, in CSS pixels. */
  #cssSize(): ElementSize {
    const { width, height } = this.canvas.getBoundingClientRect();
    return { width, height };
  }

  #measure(): void {
    const { width, height } = this.#cssSize();
    const ratio = this.#props.pixelRatio ?? globalThis.devicePixelRatio ?? 1;
    this.#size = [Math.max(1, Math.round(width * ratio)), Math.max(1, Math.round(height * ratio))];
  }

  #resized(): void {
    if (this.#disposed) return;
    this.#measure();
    const [width, height] = this.#size;
    const key = `${width}x${height}`;
    if (key === this.#sentSize) return;
    this.#sentSize = key;
    this.#connection
      .call('viewport.size.update', [this.#viewId, width, height])
      .catch((error: unknown) => this.#report(error));
  }

  #receive(payload: unknown): void {
    if (this.#disposed || payload === null || typeof payload !== 'object') return;
    const message = payload as Record<string, unknown>;
    // Loose, as vtk.js compares: "1" and 1 are the same view.
    if (String(message.id) !== this.#viewId || !(message.image instanceof Uint8Array)) return;
    const size = Array.isArray(message.size) ? message.size.map(Number) : [0, 0];
    const frame: IncomingFrame = {
      image: message.image,
      format: typeof message.format === 'string' && message.format ? message.format : 'jpeg',
      frame: typeof message.frame === 'number' ? message.frame : undefined,
      width: size[0] ?? 0,
      height: size[1] ?? 0,
      interactive: message.interactive === true,
      stale: message.stale === true,
      workTime: Number(message.workTime ?? 0),
      sequence: ++this.#sequence,
    };
    this.#stats.framesReceived++;
    if (this.#decoding) {
      if (this.#pending) {
        this.#stats.framesSkipped++;
        this.#acknowledge(this.#pending);
      }
      this.#pending = frame;
      return;
    }
    void this.#show(frame);
  }

  async #show(frame: IncomingFrame): Promise<void> {
    this.#decoding = true;
    try {
      // Decoded MessagePack bins are views of the reassembled message's ArrayBuffer.
      const bytes = frame.image as Uint8Array<ArrayBuffer>;
      const bitmap = await createImageBitmap(new Blob([bytes], { type: `image/${frame.format}` }));
      try {
        if (!this.#disposed) this.#draw(bitmap, frame);
      } finally {
        bitmap.close();
      }
    } catch (error) {
      this.#stats.decodeFailures++;
      this.#report(
        new Error(`frame ${frame.frame ?? frame.sequence} could not be decoded: ${asError(error).message}`),
      );
    } finally {
      this.#decoding = false;
      this.#acknowledge(frame);
    }
    const next = this.#pending;
    this.#pending = undefined;
    if (next && !this.#disposed) void this.#show(next);
  }

  #draw(bitmap: ImageBitmap, frame: IncomingFrame): void {
    // Resizing the backing store clears it, but the drawing follows in the same task, so no
    // paint ever sees the empty canvas. Interactive (smaller) frames are scaled up to fill it.
    const [width, height] = this.#size;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    this.#context.drawImage(bitmap, 0, 0, width, height);
    this.#stats.framesDrawn++;
    this.#lastFrame = {
      frame: frame.frame ?? 0,
      width: bitmap.width,
      height: bitmap.height,
      interactive: frame.interactive,
      stale: frame.stale,
      workTime: frame.workTime,
      bytes: frame.image.byteLength,
    };
    this.#settleReady();
    const drawn = this.#lastFrame;
    this.#waiters = this.#waiters.filter((waiter) => {
      if (frame.stale || frame.sequence <= waiter.afterSequence) return true;
      waiter.resolve();
      return false;
    });
    try {
      this.#props.onFrame?.(drawn);
    } catch (error) {
      this.#report(error);
    }
  }

  #acknowledge(frame: IncomingFrame): void {
    if (this.#disposed || !this.#acknowledges || frame.frame === undefined) return;
    if (this.#connection.state !== 'open') return;
    this.#connection.call('periscope.image.ack', [this.#viewId, frame.frame]).then(
      () => this.#stats.framesAcknowledged++,
      (error: unknown) => {
        if (error instanceof RemoteCallError && error.code === 'PERISCOPE_E_METHOD_NOT_FOUND')
          this.#acknowledges = false;
        else this.#report(error);
      },
    );
  }

  #bindInput(): void {
    const canvas = this.canvas;
    const listen = <Name extends keyof HTMLElementEventMap>(
      name: Name,
      listener: (event: HTMLElementEventMap[Name]) => void,
      options?: AddEventListenerOptions,
    ) => {
      canvas.addEventListener(name, listener, options);
      this.#cleanups.push(() => canvas.removeEventListener(name, listener, options));
    };
    listen('pointerdown', (event) => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      this.#send(this.#gestures.pointerDown(this.#pointer(event), this.#cssSize()));
    });
    listen('pointermove', (event) => {
      if (!this.#gestures.active) return;
      this.#send(this.#gestures.pointerMove(this.#pointer(event), this.#cssSize()));
      // Two-finger moves go out combined, once per frame (see GestureTranslator.flushTouches).
      if (event.pointerType === 'touch' && this.#touchFrame === undefined)
        this.#touchFrame = requestAnimationFrame(() => {
          this.#touchFrame = undefined;
          this.#send(this.#gestures.flushTouches(this.#cssSize()));
        });
    });
    const up = (event: PointerEvent) => {
      if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
      this.#send(this.#gestures.pointerUp(this.#pointer(event), this.#cssSize()));
    };
    listen('pointerup', up);
    listen('pointercancel', up);
    listen(
      'wheel',
      (event) => {
        event.preventDefault();
        const rect = canvas.getBoundingClientRect();
        this.#send(
          this.#gestures.wheel(
            {
              x: event.clientX - rect.left,
              y: event.clientY - rect.top,
              deltaY: event.deltaY,
              deltaMode: event.deltaMode,
              shiftKey: event.shiftKey,
              ctrlKey: event.ctrlKey,
              altKey: event.altKey,
              metaKey: event.metaKey,
            },
            { width: rect.width, height: rect.height },
          ),
        );
        clearTimeout(this.#wheelTimer);
        this.#wheelTimer = setTimeout(
          () => this.#send(this.#gestures.wheelEnd()),
          this.#props.wheelEndDelayMs ?? 150,
        );
      },
      { passive: false },
    );
    // A right drag zooms; the context menu would interrupt it.
    listen('contextmenu', (event) => event.preventDefault());
  }

  #pointer(event: PointerEvent): PointerInput {
    const rect = this.canvas.getBoundingClientRect();
    return {
      pointerId: event.pointerId,
      pointerType: event.pointerType,
      x: event.clientX - rect.left,
      y: event.clientY - rect.top,
      buttons: event.buttons,
      shiftKey: event.shiftKey,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
    };
  }

  #send(events: RemoteEvent[]): void {
    if (events.length === 0 || this.#connection.state !== 'open') return;
    for (const { method, event } of events)
      this.#connection.call(method, [event]).catch((error: unknown) => this.#report(error));
  }

  #report(error: unknown): void {
    if (this.#disposed) return;
    const reported = asError(error);
    if (this.#props.onError) this.#props.onError(reported);
    else console.warn('RemoteRenderer:', reported);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
