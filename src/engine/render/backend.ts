/**
 * The backend interface: a frame description in (camera, background, actors with their render
 * geometry and appearance), pixels out (RGBA8, window depth, cell and actor ids for picking).
 * The CPU rasterizer is the reference implementation; a GPU backend implements the same.
 */
import { type Frame, type FrameProps, recycleFrame, renderFrame } from './cpu/render-frame.js';

export type { ActorProps, Frame, FrameProps, RepresentationType } from './cpu/render-frame.js';

export interface RenderBackend {
  /** Short id shown in diagnostics ("cpu", "webgpu", …). */
  readonly name: string;
  renderFrame(props: FrameProps): Promise<Frame>;
  /** Takes back a frame the caller is done with, so that later frames may draw into its buffers. */
  recycleFrame(frame: Frame): void;
}

export const cpuBackend: RenderBackend = { name: 'cpu', renderFrame, recycleFrame };
