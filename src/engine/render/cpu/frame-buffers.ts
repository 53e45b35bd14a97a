/**
 * Frame buffers handed back and drawn into again. A 1280×720 frame's colour, depth and id buffers
 * are 12 MB: fresh ones cost a page fault per 4 KiB on first touch and external-memory garbage
 * collections, measured here at 5–9 ms a frame in the median — more than drawing a 10K-triangle
 * scene. A caller that is done with a frame (encoded it, read its pick) gives it back with
 * `recycleFrame`; the next frame of the same size draws into those buffers.
 *
 * Buffers lie on SharedArrayBuffers, so workers draw or merge straight into them.
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

const pool = new Map<number, FrameBuffers[]>();

/**
 * Buffers for a frame of `pixels` pixels: recycled ones (`recycled` true: their contents are an
 * old frame's) or fresh zeroed ones.
 */
export function takeFrameBuffers(pixels: number): FrameBuffers & { recycled: boolean } {
  const recycled = pool.get(pixels)?.pop();
  if (recycled) return { ...recycled, recycled: true };
  return {
    rgba: new Uint8Array(new SharedArrayBuffer(pixels * 4)),
    depth: new Float32Array(new SharedArrayBuffer(pixels * 4)),
    cellIds: new Int32Array(new SharedArrayBuffer(pixels * 4)),
    actorIds: new Uint8Array(new SharedArrayBuffer(pixels)),
    recycled: false,
  };
}

/**
 * Gives a frame's buffers back for later frames to draw into. The caller must not read or keep
 * them afterwards. Buffers that are not whole shared frame buffers of one size are ignored.
 */
export function recycleFrame(frame: FrameBuffers & { width: number; height: number }): void {
  const pixels = frame.width * frame.height;
  const { rgba, depth, cellIds, actorIds } = frame;
  const whole =
    rgba.length === 4 * pixels &&
    depth.length === pixels &&
    cellIds.length === pixels &&
    actorIds.length === pixels &&
    [rgba, depth, cellIds, actorIds].every(
      (array) =>
        array.buffer instanceof SharedArrayBuffer &&
        array.byteOffset === 0 &&
        array.byteLength === array.buffer.byteLength,
    );
  if (!whole) return;
  const sets = pool.get(pixels) ?? [];
  pool.delete(pixels);
  if (sets.some((set) => set.rgba === rgba || set.depth === depth)) {
    pool.set(pixels, sets);
    return;
  }
  if (sets.length < SETS_PER_SIZE) sets.push({ rgba, depth, cellIds, actorIds });
  pool.set(pixels, sets);
  // Map order is insertion order: the first key is the size recycled least recently.
  while (pool.size > SIZES) pool.delete(pool.keys().next().value as number);
}
