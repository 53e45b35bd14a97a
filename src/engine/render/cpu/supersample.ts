/**
 * Anti-aliasing by supersampling: a frame rendered `factor` times larger in each direction is
 * box-filtered down, so every output pixel is the mean of factor² samples (edges get their
 * coverage fraction, thin lines their share). Depth and pick ids come from the sample nearest
 * the pixel centre, so picking and depth compositing stay exact for that sample.
 */
import type { Frame } from './render-frame.js';

export function downsampleFrame(frame: Frame, factor: number): Frame {
  const width = Math.floor(frame.width / factor);
  const height = Math.floor(frame.height / factor);
  const pixels = width * height;
  const rgba = new Uint8Array(pixels * 4);
  const depth = new Float32Array(pixels);
  const ids = frame.cellIds !== undefined && frame.actorIds !== undefined;
  const cellIds = new Int32Array(ids ? pixels : 0);
  const actorIds = new Uint8Array(ids ? pixels : 0);
  const samples = factor * factor;
  const centre = Math.floor(factor / 2);
  const source = frame.rgba;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < factor; sy++) {
        let o = 4 * ((y * factor + sy) * frame.width + x * factor);
        for (let sx = 0; sx < factor; sx++, o += 4) {
          r += source[o];
          g += source[o + 1];
          b += source[o + 2];
        }
      }
      const i = y * width + x;
      rgba[4 * i] = (r + samples / 2) / samples;
      rgba[4 * i + 1] = (g + samples / 2) / samples;
      rgba[4 * i + 2] = (b + samples / 2) / samples;
      rgba[4 * i + 3] = 255;
      const sample = (y * factor + centre) * frame.width + x * factor + centre;
      depth[i] = frame.depth[sample];
      if (frame.cellIds && frame.actorIds) {
        cellIds[i] = frame.cellIds[sample];
        actorIds[i] = frame.actorIds[sample];
      }
    }
  }
  return { width, height, rgba, depth, ...(ids && { cellIds, actorIds }), triangles: frame.triangles };
}
