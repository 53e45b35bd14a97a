/**
 * Probing a dataset at many points (vtkProbeFilter semantics) for ResampleToImage and
 * PlotOverLine: every source point array is interpolated, every source cell array is copied
 * from the containing cell, and `vtkValidPointMask` (UInt8) says which samples were inside.
 * Arrays keep their type. Large sample sets run on the pool in contiguous ranges.
 */
import { DataSetAttributes } from '../../data/attributes.js';
import { allocateTypedArray, DataArray, type TypedArray, toSharedTypedArray } from '../../data/data-array.js';
import type { DataSet } from '../../data/dataset.js';
import { taskReference } from '../../workers/pool.js';
import { numericValues } from '../cell-access/points.js';
import { runPieces, splitRange, workerCount } from '../parallel.js';
import type { FilterContext } from '../types.js';
import { probeGeometry } from './cell-locator.js';
import { type ProbeChannel, type ProbeSamples, type ProbeTask, probeSamples } from './probe.worker.js';

/** Below this many samples the probe runs inline. */
const PARALLEL_MIN_SAMPLES = 1 << 16;

export interface ProbeResult {
  /** Probed arrays in vtkProbeFilter's order: point arrays, then cell arrays, then the mask. */
  attributes: DataSetAttributes;
  mask: Uint8Array;
}

function channels(source: DataSetAttributes, count: number, shared: boolean) {
  const globalIds = source.getActiveName('globalIds');
  return source.dataArrays
    .filter((a) => a.name !== globalIds)
    .map((array) => {
      const length = count * array.numberOfComponents;
      const big = array.values instanceof BigInt64Array || array.values instanceof BigUint64Array;
      // 64-bit integers are probed through float64 and converted back at the end.
      const out = allocateTypedArray(big ? 'Float64' : array.dataType, length, shared);
      const values = numericValues(array.values);
      const channel: ProbeChannel = {
        values: shared ? toSharedTypedArray(values as Float64Array) : values,
        components: array.numberOfComponents,
        out: out as unknown as ProbeChannel['out'],
        round: !(array.values instanceof Float32Array || array.values instanceof Float64Array),
      };
      return { array, channel, out, big };
    });
}

function toArray(entry: ReturnType<typeof channels>[number]): DataArray {
  let values: TypedArray = entry.out;
  if (entry.big) {
    const converted = allocateTypedArray(entry.array.dataType, entry.out.length);
    for (let i = 0; i < entry.out.length; i++)
      (converted as BigInt64Array)[i] = BigInt(Math.round(Number(entry.out[i])));
    values = converted;
  }
  return new DataArray({
    name: entry.array.name,
    values,
    numberOfComponents: entry.array.numberOfComponents,
    componentNames: entry.array.componentNames,
  });
}

/** Probes `source` at `samples` (`count` of them). */
export async function probe(
  source: DataSet,
  samples: ProbeSamples,
  count: number,
  context: FilterContext,
): Promise<ProbeResult> {
  const parallel = count >= PARALLEL_MIN_SAMPLES && workerCount(context) > 1;
  const pointChannels = channels(source.pointData, count, parallel);
  const cellChannels = channels(source.cellData, count, parallel);
  const mask = parallel ? new Uint8Array(new SharedArrayBuffer(count)) : new Uint8Array(count);
  const task: ProbeTask = {
    geometry: probeGeometry(source, parallel),
    samples:
      samples.kind === 'list' && parallel
        ? { kind: 'list', points: toSharedTypedArray(samples.points) }
        : samples,
    pointChannels: pointChannels.map((c) => c.channel),
    cellChannels: cellChannels.map((c) => c.channel),
    mask,
    begin: 0,
    end: count,
  };
  // Lattices split on whole k-planes so that each worker fills contiguous slabs.
  const plane = samples.kind === 'lattice' ? samples.dims[0] * samples.dims[1] : 1;
  const pieces = splitRange(0, count / plane, parallel ? 2 * workerCount(context) : 1);
  await runPieces(
    {
      task: taskReference(new URL('./probe.worker.js', import.meta.url), 'probeSamples'),
      run: probeSamples,
      inputs: pieces.map(([begin, end]) => ({ ...task, begin: begin * plane, end: end * plane })),
      inline: !parallel,
    },
    context,
  );
  const attributes = new DataSetAttributes();
  for (const entry of pointChannels) attributes.add(toArray(entry));
  for (const entry of cellChannels) if (!attributes.has(entry.array.name)) attributes.add(toArray(entry));
  attributes.copyActiveFrom(source.pointData);
  attributes.add(new DataArray({ name: 'vtkValidPointMask', values: mask }));
  return { attributes, mask };
}
