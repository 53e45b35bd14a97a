/**
 * Pointer, wheel and touch input → the remote interaction events of PROTOCOL.md §4.5, as a pure
 * state machine (no DOM): the remote renderer feeds it what the browser reports and sends what
 * it returns. The server maps buttons and modifiers to camera manipulations as ParaView does
 * (left rotates, shift+left or middle pans, right or shift+ctrl+left zooms, ctrl+left spins), so
 * mouse input is passed through faithfully and touch input is expressed in the same terms:
 *
 * - one finger: a left-button drag (rotate);
 * - two fingers: the centroid drags with the middle button (pan) and the change of the distance
 *   between them becomes wheel events whose zoom factor equals the pinch scale (the server
 *   zooms by 1 / (1 − spinY / 10), so spinY = 10 · (1 − 1 / scale)); their moves are combined
 *   by `flushTouches()`, once per animation frame;
 * - a finger lifted from two goes back to rotating with the one left; a third finger is ignored.
 *
 * State: idle ─mouse button─► mouse ─last button up─► idle;
 *        idle ─touch─► rotate ─second touch─► pinch ─touch up─► rotate ─last up─► idle.
 */

export const MOUSE_METHOD = 'viewport.mouse.interaction';
export const WHEEL_METHOD = 'viewport.mouse.zoom.wheel';

/** One pointer event as the browser reports it, in CSS pixels from the element's top-left corner. */
export interface PointerInput {
  pointerId: number;
  pointerType: string;
  x: number;
  y: number;
  /** `PointerEvent.buttons`: 1 left, 2 right, 4 middle. */
  buttons: number;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

export interface WheelInput {
  x: number;
  y: number;
  deltaY: number;
  /** `WheelEvent.deltaMode`: 0 pixels, 1 lines, 2 pages. */
  deltaMode: number;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** The element's size in CSS pixels. */
export interface ElementSize {
  width: number;
  height: number;
}

type Flag = 0 | 1;

/** `viewport.mouse.interaction`'s event, with vtk.js's field types. */
export interface MouseInteractionEvent {
  action: 'down' | 'up';
  /** 0..1 from the left. */
  x: number;
  /** 0..1 from the bottom. */
  y: number;
  buttonLeft: Flag;
  buttonMiddle: Flag;
  buttonRight: Flag;
  shiftKey: Flag;
  ctrlKey: Flag;
  altKey: Flag;
  metaKey: Flag;
  view: string | number;
}

export type WheelInteractionEvent =
  | (Omit<MouseInteractionEvent, 'action'> & {
      type: 'StartMouseWheel' | 'MouseWheel';
      action: 'down' | 'up';
      spinY: number;
    })
  | { type: 'EndMouseWheel'; view: string | number };

export type RemoteEvent =
  | { method: typeof MOUSE_METHOD; event: MouseInteractionEvent }
  | { method: typeof WHEEL_METHOD; event: WheelInteractionEvent };

export interface GestureTranslatorProps {
  /** Server view id the events name. */
  view: string | number;
}

/** vtk.js's normalizeWheel: one 100-pixel notch is one spin step; lines are 40 px, pages 800. */
export function wheelSpin(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 40 : deltaMode === 2 ? deltaY * 800 : deltaY;
  // Beyond ±5 the server's zoom factor 1 / (1 − spin / 10) blows up or flips sign.
  return Math.max(-5, Math.min(5, pixels / 100));
}

/** The wheel spin whose server zoom factor is `scale` (a pinch that spread by `scale`). */
export function pinchSpin(scale: number): number {
  const bounded = Math.max(0.5, Math.min(2, scale));
  return 10 * (1 - 1 / bounded);
}

interface Touch {
  id: number;
  x: number;
  y: number;
}

interface Modifiers {
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

const NO_MODIFIERS: Modifiers = { shiftKey: false, ctrlKey: false, altKey: false, metaKey: false };

export class GestureTranslator {
  readonly #view: string | number;
  #mouseButtons = 0;
  #touches: Touch[] = [];
  #pinchDistance = 0;
  #pinchWheelStarted = false;
  #touchesMoved = false;
  #wheelStarted = false;

  constructor(props: GestureTranslatorProps) {
    this.#view = props.view;
  }

  /** Whether a drag or pinch is under way (the renderer captures the pointer meanwhile). */
  get active(): boolean {
    return this.#mouseButtons !== 0 || this.#touches.length > 0;
  }

  /** Whether wheel events were sent since the last `wheelEnd()`. */
  get wheeling(): boolean {
    return this.#wheelStarted;
  }

  pointerDown(input: PointerInput, size: ElementSize): RemoteEvent[] {
    if (input.pointerType === 'touch') return this.#touchDown(input, size);
    this.#mouseButtons = input.buttons & 7;
    if (this.#mouseButtons === 0) return [];
    return [this.#mouse('down', input.x, input.y, this.#mouseButtons, input, size)];
  }

  pointerMove(input: PointerInput, size: ElementSize): RemoteEvent[] {
    if (input.pointerType === 'touch') return this.#touchMove(input, size);
    // A button pressed while another is held arrives as a move with more buttons (pointer events).
    this.#mouseButtons = input.buttons & 7;
    if (this.#mouseButtons === 0) return [];
    return [this.#mouse('down', input.x, input.y, this.#mouseButtons, input, size)];
  }

  /** `pointerup` and `pointercancel`. */
  pointerUp(input: PointerInput, size: ElementSize): RemoteEvent[] {
    if (input.pointerType === 'touch') return this.#touchUp(input, size);
    if (this.#mouseButtons === 0) return [];
    this.#mouseButtons = input.buttons & 7;
    return [
      this.#mouse(this.#mouseButtons ? 'down' : 'up', input.x, input.y, this.#mouseButtons, input, size),
    ];
  }

  wheel(input: WheelInput, size: ElementSize): RemoteEvent[] {
    const spinY = wheelSpin(input.deltaY, input.deltaMode);
    if (spinY === 0) return [];
    const type = this.#wheelStarted ? 'MouseWheel' : 'StartMouseWheel';
    this.#wheelStarted = true;
    const { action: _, ...mouse } = this.#mouseEvent('up', input.x, input.y, this.#mouseButtons, input, size);
    return [
      {
        method: WHEEL_METHOD,
        event: { type, ...mouse, action: this.#mouseButtons ? 'down' : 'up', spinY },
      },
    ];
  }

  /** The wheel has been quiet for a while: the server may send its still frame. */
  wheelEnd(): RemoteEvent[] {
    if (!this.#wheelStarted) return [];
    this.#wheelStarted = false;
    return [{ method: WHEEL_METHOD, event: { type: 'EndMouseWheel', view: this.#view } }];
  }

  /** Ends whatever is under way (the renderer is being disposed, or the window lost focus). */
  release(size: ElementSize): RemoteEvent[] {
    const events: RemoteEvent[] = [];
    if (this.#touches.length > 0) {
      events.push(...this.flushTouches(size), ...this.#endTouchPhase(size));
      this.#touches = [];
    } else if (this.#mouseButtons !== 0) {
      this.#mouseButtons = 0;
      events.push(this.#mouse('up', 0.5 * size.width, 0.5 * size.height, 0, NO_MODIFIERS, size));
    }
    events.push(...this.wheelEnd());
    return events;
  }

  #touchDown(input: PointerInput, size: ElementSize): RemoteEvent[] {
    if (this.#touches.length >= 2) return [];
    const events = [...this.flushTouches(size), ...this.#endTouchPhase(size)];
    this.#touches.push({ id: input.pointerId, x: input.x, y: input.y });
    return [...events, ...this.#startTouchPhase(input, size)];
  }

  #touchMove(input: PointerInput, size: ElementSize): RemoteEvent[] {
    const touch = this.#touches.find((candidate) => candidate.id === input.pointerId);
    if (!touch) return [];
    touch.x = input.x;
    touch.y = input.y;
    if (this.#touches.length === 1) return [this.#mouse('down', touch.x, touch.y, 1, input, size)];
    this.#touchesMoved = true;
    return [];
  }

  /**
   * Two fingers report their moves one at a time, so sending each would pan back and forth
   * between a half-moved and a moved centroid, at zoom levels that differ in between, and the
   * camera would drift. Their moves are therefore combined: the renderer calls this once per
   * animation frame, and it returns one pan (and, if their distance changed, one zoom) for
   * where both fingers are now.
   */
  flushTouches(size: ElementSize): RemoteEvent[] {
    if (!this.#touchesMoved || this.#touches.length < 2) return [];
    this.#touchesMoved = false;
    const [a, b] = this.#touches;
    const centreX = (a.x + b.x) / 2;
    const centreY = (a.y + b.y) / 2;
    const events: RemoteEvent[] = [this.#mouse('down', centreX, centreY, 4, NO_MODIFIERS, size)];
    const distance = Math.hypot(a.x - b.x, a.y - b.y);
    // Sub-pixel jitter of two resting fingers should not zoom.
    if (Math.abs(distance - this.#pinchDistance) >= 1 && distance > 0 && this.#pinchDistance > 0) {
      const scale = distance / this.#pinchDistance;
      this.#pinchDistance = distance;
      const type = this.#pinchWheelStarted ? 'MouseWheel' : 'StartMouseWheel';
      this.#pinchWheelStarted = true;
      const { action: _, ...mouse } = this.#mouseEvent('down', centreX, centreY, 4, NO_MODIFIERS, size);
      events.push({
        method: WHEEL_METHOD,
        event: { type, ...mouse, action: 'down', spinY: pinchSpin(scale) },
      });
    }
    return events;
  }

  #touchUp(input: PointerInput, size: ElementSize): RemoteEvent[] {
    const index = this.#touches.findIndex((candidate) => candidate.id === input.pointerId);
    if (index < 0) return [];
    const touch = this.#touches[index];
    const events = this.flushTouches(size);
    touch.x = input.x;
    touch.y = input.y;
    events.push(...this.#endTouchPhase(size));
    this.#touches.splice(index, 1);
    if (this.#touches.length === 0) return events;
    return [...events, ...this.#startTouchPhase(input, size)];
  }

  /** Presses the virtual button of the phase the current touches make. */
  #startTouchPhase(input: Modifiers, size: ElementSize): RemoteEvent[] {
    if (this.#touches.length === 1) {
      const [touch] = this.#touches;
      return [this.#mouse('down', touch.x, touch.y, 1, input, size)];
    }
    const [a, b] = this.#touches;
    this.#pinchDistance = Math.hypot(a.x - b.x, a.y - b.y);
    this.#pinchWheelStarted = false;
    this.#touchesMoved = false;
    return [this.#mouse('down', (a.x + b.x) / 2, (a.y + b.y) / 2, 4, NO_MODIFIERS, size)];
  }

  /** Releases the virtual button of the current touch phase (and ends its wheel zoom). */
  #endTouchPhase(size: ElementSize): RemoteEvent[] {
    if (this.#touches.length === 0) return [];
    const events: RemoteEvent[] = [];
    if (this.#touches.length === 1) {
      const [touch] = this.#touches;
      events.push(this.#mouse('up', touch.x, touch.y, 0, NO_MODIFIERS, size));
    } else {
      const [a, b] = this.#touches;
      events.push(this.#mouse('up', (a.x + b.x) / 2, (a.y + b.y) / 2, 0, NO_MODIFIERS, size));
      if (this.#pinchWheelStarted)
        events.push({ method: WHEEL_METHOD, event: { type: 'EndMouseWheel', view: this.#view } });
      this.#pinchWheelStarted = false;
    }
    return events;
  }

  #mouse(
    action: 'down' | 'up',
    x: number,
    y: number,
    buttons: number,
    modifiers: Modifiers,
    size: ElementSize,
  ): RemoteEvent {
    return { method: MOUSE_METHOD, event: this.#mouseEvent(action, x, y, buttons, modifiers, size) };
  }

  #mouseEvent(
    action: 'down' | 'up',
    x: number,
    y: number,
    buttons: number,
    modifiers: Modifiers,
    size: ElementSize,
  ): MouseInteractionEvent {
    return {
      action,
      x: size.width > 0 ? x / size.width : 0.5,
      y: size.height > 0 ? 1 - y / size.height : 0.5,
      buttonLeft: flag(buttons & 1),
      buttonMiddle: flag(buttons & 4),
      buttonRight: flag(buttons & 2),
      shiftKey: flag(modifiers.shiftKey),
      ctrlKey: flag(modifiers.ctrlKey),
      altKey: flag(modifiers.altKey),
      metaKey: flag(modifiers.metaKey),
      view: this.#view,
    };
  }
}

function flag(value: unknown): Flag {
  return value ? 1 : 0;
}
