/**
 * Backend step of reduced-resolution (interactive) volume rendering: scales the premultiplied
 * volume layer up bilinearly and composites it over the frame, for a band of frame rows.
 */

export interface LayerCompositeProps {
  /** Premultiplied RGBA8 volume layer. */
  layer: Uint8Array;
  layerWidth: number;
  layerHeight: number;
  /** The frame, RGBA8, row 0 at the top. */
  rgba: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /** Frame pixels to composite: [x0, y0, x1, y1). */
  rectangle: readonly [number, number, number, number] | number[];
}

export function compositeLayer(props: LayerCompositeProps): void {
  const { layer, layerWidth, layerHeight, rgba, width, height } = props;
  const [left, top, right, bottom] = props.rectangle;
  const sx = layerWidth / width;
  const sy = layerHeight / height;
  for (let row = top; row < bottom; row++) {
    const fy = Math.min(layerHeight - 1, Math.max(0, (row + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(layerHeight - 1, y0 + 1);
    const wy = fy - y0;
    for (let column = left; column < right; column++) {
      const fx = Math.min(layerWidth - 1, Math.max(0, (column + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(layerWidth - 1, x0 + 1);
      const wx = fx - x0;
      const a = (y0 * layerWidth + x0) * 4;
      const b = (y0 * layerWidth + x1) * 4;
      const c = (y1 * layerWidth + x0) * 4;
      const d = (y1 * layerWidth + x1) * 4;
      // Skip the (common) case of four transparent neighbours before any blending arithmetic.
      if ((layer[a + 3] | layer[b + 3] | layer[c + 3] | layer[d + 3]) === 0) continue;
      const wa = (1 - wx) * (1 - wy);
      const wb = wx * (1 - wy);
      const wc = (1 - wx) * wy;
      const wd = wx * wy;
      const alpha = (wa * layer[a + 3] + wb * layer[b + 3] + wc * layer[c + 3] + wd * layer[d + 3]) / 255;
      const keep = 1 - alpha;
      const offset = (row * width + column) * 4;
      rgba[offset] = Math.min(
        255,
        wa * layer[a] + wb * layer[b] + wc * layer[c] + wd * layer[d] + keep * rgba[offset] + 0.5,
      );
      rgba[offset + 1] = Math.min(
        255,
        wa * layer[a + 1] +
          wb * layer[b + 1] +
          wc * layer[c + 1] +
          wd * layer[d + 1] +
          keep * rgba[offset + 1] +
          0.5,
      );
      rgba[offset + 2] = Math.min(
        255,
        wa * layer[a + 2] +
          wb * layer[b + 2] +
          wc * layer[c + 2] +
          wd * layer[d + 2] +
          keep * rgba[offset + 2] +
          0.5,
      );
      rgba[offset + 3] = Math.min(255, alpha * 255 + keep * rgba[offset + 3] + 0.5);
    }
  }
}
