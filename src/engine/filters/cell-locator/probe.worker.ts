/**
 * The probe kernel (vtkProbeFilter): for each sample point, find the source cell containing it,
 * interpolate the source point arrays with the cell's weights, copy the cell's cell arrays, and
 * set vtkValidPointMask. Samples are an image lattice (ResampleToImage, split by k-slabs) or an
 * explicit point list (PlotOverLine). Writes straight into shared output arrays.
 */
import type { TaskContext } from '../../workers/protocol.js';
import { CellFinder, type ProbeGeometry, ProbeHit } from './cell-locator.js';

export interface ProbeChannel {
  /** Source values (numbers; 64-bit integers converted beforehand). */
  values: ArrayLike<number>;
  components: number;
  /** Output values, one tuple per sample (shared). */
  out: { [index: number]: number; length: number };
  /** Round interpolated values (integer arrays). */
  round: boolean;
}

export type ProbeSamples =
  | {
      kind: 'lattice';
      origin: [number, number, number];
      spacing: [number, number, number];
      dims: [number, number, number];
    }
  | { kind: 'list'; points: Float64Array };

export interface ProbeTask {
  geometry: ProbeGeometry;
  samples: ProbeSamples;
  pointChannels: ProbeChannel[];
  cellChannels: ProbeChannel[];
  mask: Uint8Array;
  /** Samples [begin, end) in output order (for a lattice: i fastest, then j, then k). */
  begin: number;
  end: number;
}

export function probeSamples(task: ProbeTask, context: TaskContext): number {
  const finder = new CellFinder(task.geometry, { derivatives: false });
  const hit = new ProbeHit();
  const { samples, mask } = task;
  let found = 0;
  const total = task.end - task.begin;
  for (let s = task.begin; s < task.end; s++) {
    if ((s - task.begin) % 16384 === 0) {
      context.throwIfCancelled();
      context.progress((s - task.begin) / Math.max(1, total));
    }
    let x: number;
    let y: number;
    let z: number;
    if (samples.kind === 'lattice') {
      const [nx, ny] = samples.dims;
      x = samples.origin[0] + (s % nx) * samples.spacing[0];
      y = samples.origin[1] + (Math.floor(s / nx) % ny) * samples.spacing[1];
      z = samples.origin[2] + Math.floor(s / (nx * ny)) * samples.spacing[2];
    } else {
      x = samples.points[3 * s];
      y = samples.points[3 * s + 1];
      z = samples.points[3 * s + 2];
    }
    if (!finder.find(x, y, z, hit)) {
      // Outside the source: zeros, as vtkProbeFilter's NullPoint.
      mask[s] = 0;
      for (const channel of task.pointChannels)
        for (let c = 0; c < channel.components; c++) channel.out[s * channel.components + c] = 0;
      for (const channel of task.cellChannels)
        for (let c = 0; c < channel.components; c++) channel.out[s * channel.components + c] = 0;
      continue;
    }
    found++;
    mask[s] = 1;
    const w = hit.location.weights;
    for (const channel of task.pointChannels) {
      const n = channel.components;
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (let k = 0; k < hit.count; k++) sum += w[k] * channel.values[hit.ids[k] * n + c];
        channel.out[s * n + c] = channel.round ? Math.round(sum) : sum;
      }
    }
    for (const channel of task.cellChannels) {
      const n = channel.components;
      for (let c = 0; c < n; c++) channel.out[s * n + c] = channel.values[hit.cell * n + c];
    }
  }
  context.progress(1);
  return found;
}
