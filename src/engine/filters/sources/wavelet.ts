/**
 * Wavelet: ParaView's name for vtkRTAnalyticSource, the analytic test volume (a Gaussian plus
 * sinusoids) with point array `RTData` (Float32). Big extents are generated in parallel by k-slab.
 */
import { PropertyError } from '../../../errors.js';
import { DataArray } from '../../data/data-array.js';
import { createImageData, type Extent } from '../../data/dataset.js';
import { taskReference } from '../../workers/pool.js';
import { runPieces, splitRange, workerCount } from '../parallel.js';
import { resolveProperties } from '../properties.js';
import type { FilterDefinition, PropertySchema } from '../types.js';
import { fillWaveletSlab, type WaveletParameters, type WaveletSlab } from './wavelet.worker.js';

const properties: readonly PropertySchema[] = [
  {
    name: 'WholeExtent',
    doc: 'Point index extent [imin, imax, jmin, jmax, kmin, kmax].',
    type: 'numbers',
    size: 6,
    default: [-10, 10, -10, 10, -10, 10],
  },
  { name: 'Center', doc: 'Centre of the Gaussian.', type: 'numbers', size: 3, default: [0, 0, 0] },
  { name: 'Maximum', doc: 'Peak of the Gaussian.', type: 'number', default: 255 },
  { name: 'XFreq', doc: 'Frequency of the x sine.', type: 'number', default: 60 },
  { name: 'YFreq', doc: 'Frequency of the y sine.', type: 'number', default: 30 },
  { name: 'ZFreq', doc: 'Frequency of the z cosine.', type: 'number', default: 40 },
  { name: 'XMag', doc: 'Amplitude of the x sine.', type: 'number', default: 10 },
  { name: 'YMag', doc: 'Amplitude of the y sine.', type: 'number', default: 18 },
  { name: 'ZMag', doc: 'Amplitude of the z cosine.', type: 'number', default: 5 },
  { name: 'StandardDeviation', doc: 'Width of the Gaussian.', type: 'number', default: 0.5 },
  {
    name: 'SubsampleRate',
    doc: 'Keeps every n-th point (spacing becomes n).',
    type: 'number',
    integer: true,
    min: 1,
    default: 1,
  },
];

/** Below this many points the kernel runs inline: worker start-up would cost more. */
const PARALLEL_MIN_POINTS = 1 << 20;

export const waveletSource: FilterDefinition = {
  name: 'Wavelet',
  kind: 'source',
  description:
    'Analytic volume of vtkRTAnalyticSource: Maximum·exp(−r²/(2σ²)) + XMag·sin(XFreq·x) + YMag·sin(YFreq·y) + ' +
    'ZMag·cos(ZFreq·z) with coordinates normalised by the whole extent. Output: ImageData with point array RTData (Float32).',
  inputs: { min: 0, max: 0 },
  properties,
  async execute(_inputs, values, context) {
    const p = resolveProperties('Wavelet', properties, values);
    const whole = (p.WholeExtent as number[]).map((v) => Math.trunc(v)) as Extent;
    for (let a = 0; a < 3; a++) {
      if (whole[2 * a] > whole[2 * a + 1]) {
        throw new PropertyError('Wavelet', 'WholeExtent', `minimum exceeds maximum on axis ${a}: ${whole}`);
      }
    }
    const rate = p.SubsampleRate as number;
    const extent = whole.map((v) => Math.trunc(v / rate)) as Extent;
    const nx = extent[1] - extent[0] + 1;
    const ny = extent[3] - extent[2] + 1;
    const nz = extent[5] - extent[4] + 1;
    const count = nx * ny * nz;
    if (count > 2 ** 31) {
      throw new PropertyError('Wavelet', 'WholeExtent', `${count} points is more than this source makes`);
    }
    const parameters: WaveletParameters = {
      wholeExtent: whole,
      center: p.Center as [number, number, number],
      maximum: p.Maximum as number,
      xFreq: p.XFreq as number,
      yFreq: p.YFreq as number,
      zFreq: p.ZFreq as number,
      xMag: p.XMag as number,
      yMag: p.YMag as number,
      zMag: p.ZMag as number,
      standardDeviation: p.StandardDeviation as number,
      subsampleRate: rate,
    };
    // Shared memory so downstream parallel filters can read the array without a copy.
    const output = new Float32Array(new SharedArrayBuffer(count * 4));
    const inline = count < PARALLEL_MIN_POINTS;
    const slabs: WaveletSlab[] = splitRange(0, nz, inline ? 1 : workerCount(context)).map(([k0, k1]) => ({
      values: output,
      extent,
      parameters,
      k0,
      k1,
    }));
    await runPieces(
      {
        task: taskReference(new URL('./wavelet.worker.js', import.meta.url), 'fillWaveletSlab'),
        run: fillWaveletSlab,
        inputs: slabs,
        inline,
      },
      context,
    );
    const image = createImageData({ extent, origin: [0, 0, 0], spacing: [rate, rate, rate] });
    image.pointData.setAttribute('scalars', new DataArray({ name: 'RTData', values: output }));
    return image;
  },
};
