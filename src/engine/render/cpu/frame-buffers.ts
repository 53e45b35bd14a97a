/**
 * Frame buffers handed back and drawn into again. A 1280×720 frame's colour, depth and id buffers
 * are 12 MB: fresh ones cost a page fault per 4 KiB on first touch and external-memory garbage
 * collections, measured here at 5–9 ms a frame in the median — more than drawing a 10K-triangle
 * scene. A caller that is done with a frame (encoded it, read its pick) gives it back with
 * `recycleFrame`; the next frame of the same size draws into those buffers.
 *
 * Frames drawn by workers lie on SharedArrayBuffers, so workers draw or merge straight into them;
 * frames drawn on the calling thread do not, as filling shared memory is 2–6 times slower here
 * (V8 fills it element by element): 1.6 against 0.7 ms to clear a 1280×720 frame.
 */

export interface FrameBuffers {
  rgba: Uint8Array;
  depth: Float32Array;
  cellIds: Int32Array;
  actorIds: Uint8Array;
}

/** Sets kept per frame size, and sizes kept (the least recently recycled size goes first). */
const SETS_PER_SIZE = 2;
const SIZES = 3;

/** The whole set behind a frame returned without its id buffers, by its colour buffer. */
const withoutIds = new WeakMap<Uint8Array, FrameBuffers>();

/** Remembers the id buffers of a frame that is returned without them, to take them back too. */
export function keepForRecycling(rgba: Uint8Array, buffers: FrameBuffers): void {
  withoutIds.set(rgba, buffers);
}

/** Sets by size, shared ones under the negated pixel count. */
const pool = new Map<number, FrameBuffers[]>();

const keyOf = (pixels: number, shared: boolean) => (shared ? -pixels : pixels);

/**
 * Buffers for a frame of `pixels` pixels, on SharedArrayBuffers when `shared`: recycled ones
 * (`recycled` true: their contents are an old frame's) or fresh zeroed ones.
 */
export function takeFrameBuffers(pixels: number, shared = true): FrameBuffers & { recycled: boolean } {
  const recycled = pool.get(keyOf(pixels, shared))?.pop();
  if (recycled) return { ...recycled, recycled: true };
  const memory = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    rgba: new Uint8Array(memory(pixels * 4)),
    depth: new Float32Array(memory(pixels * 4)),
    cellIds: new Int32Array(memory(pixels * 4)),
    actorIds: new Uint8Array(memory(pixels)),
    recycled: false,
  };
}

/**
 * Gives a frame's buffers back for later frames to draw into. The caller must not read or keep
 * them afterwards. Buffers that are not whole frame buffers of one size and kind are ignored.
 */
export function recycleFrame(
  frame: Omit<FrameBuffers, 'cellIds' | 'actorIds'> &
    Partial<Pick<FrameBuffers, 'cellIds' | 'actorIds'>> & { width: number; height: number },
): void {
  const pixels = frame.width * frame.height;
  const whole = withoutIds.get(frame.rgba);
  withoutIds.delete(frame.rgba);
  const { rgba, depth } = frame;
  const cellIds = frame.cellIds ?? whole?.cellIds;
  const actorIds = frame.actorIds ?? whole?.actorIds;
  if (!cellIds || !actorIds || (whole && whole.depth !== depth)) return;
  const shared = rgba.buffer instanceof SharedArrayBuffer;
  const complete =
    rgba.length === 4 * pixels &&
    depth.length === pixels &&
    cellIds.length === pixels &&
    actorIds.length === pixels &&
    [rgba, depth, cellIds, actorIds].every(
      (array) =>
        array.buffer instanceof SharedArrayBuffer === shared &&
        array.byteOffset === 0 &&
        array.byteLength === array.buffer.byteLength,
    );
  if (!complete) return;
  const key = keyOf(pixels, shared);
  const sets = pool.get(key) ?? [];
  pool.delete(key);
  if (sets.some((set) => set.rgba === rgba || set.depth === depth)) {
    pool.set(key, sets);
    return;
  }
  if (sets.length < SETS_PER_SIZE) sets.push({ rgba, depth, cellIds, actorIds });
  pool.set(key, sets);
  // Map order is insertion order: the first key is the size recycled least recently.
  while (pool.size > SIZES) pool.delete(pool.keys().next().value as number);
}
