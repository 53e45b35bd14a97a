/**
 * The Wavelet kernel (vtkRTAnalyticSource's formula), run in pool workers for big extents and
 * inline for small ones. Fills a slab of k-planes of a shared Float32Array.
 */
import type { TaskContext } from '../../workers/protocol.js';

export interface WaveletParameters {
  wholeExtent: [number, number, number, number, number, number];
  center: [number, number, number];
  maximum: number;
  xFreq: number;
  yFreq: number;
  zFreq: number;
  xMag: number;
  yMag: number;
  zMag: number;
  standardDeviation: number;
  subsampleRate: number;
}

export interface WaveletSlab {
  /** Output values for the whole output extent, i fastest. */
  values: Float32Array;
  /** Output extent (already divided by the subsample rate). */
  extent: [number, number, number, number, number, number];
  parameters: WaveletParameters;
  /** Output k-plane indices [k0, k1) relative to extent[4]. */
  k0: number;
  k1: number;
}

/**
 * VTK evaluates the three trigonometric terms in double, rounds each to float, adds them to the
 * Gaussian in double and stores a float; we do the same so every value is bit-identical.
 */
export function fillWaveletSlab(slab: WaveletSlab, context: TaskContext): number {
  const { values, extent, parameters: p, k0, k1 } = slab;
  const rate = p.subsampleRate;
  const w = p.wholeExtent;
  const xscale = w[1] > w[0] ? 1 / (w[1] - w[0]) : 1;
  const yscale = w[3] > w[2] ? 1 / (w[3] - w[2]) : 1;
  const zscale = w[5] > w[4] ? 1 / (w[5] - w[4]) : 1;
  const temp2 = 1 / (2 * p.standardDeviation * p.standardDeviation);
  const nx = extent[1] - extent[0] + 1;
  const ny = extent[3] - extent[2] + 1;
  // The x terms depend on i only: compute them once per slab.
  const xTerm = new Float64Array(nx);
  const xSquare = new Float64Array(nx);
  for (let i = 0; i < nx; i++) {
    const x = (p.center[0] - (i + extent[0]) * rate) * xscale;
    xSquare[i] = x * x;
    xTerm[i] = Math.fround(p.xMag * Math.sin(p.xFreq * x));
  }
  for (let k = k0; k < k1; k++) {
    context.throwIfCancelled();
    const z = (p.center[2] - (k + extent[4]) * rate) * zscale;
    const zContrib = z * z;
    const zFactor = Math.fround(p.zMag * Math.cos(p.zFreq * z));
    for (let j = 0; j < ny; j++) {
      const y = (p.center[1] - (j + extent[2]) * rate) * yscale;
      const yzContrib = zContrib + y * y;
      const yFactor = Math.fround(p.yMag * Math.sin(p.yFreq * y));
      let index = (k * ny + j) * nx;
      for (let i = 0; i < nx; i++) {
        const sum = yzContrib + xSquare[i];
        values[index++] = p.maximum * Math.exp(-sum * temp2) + xTerm[i] + yFactor + zFactor;
      }
    }
    context.progress((k - k0 + 1) / (k1 - k0));
  }
  return k1 - k0;
}
