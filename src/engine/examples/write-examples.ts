/**
 * The sample files `periscope examples DIR` writes: each a generated dataset in the format that
 * suits it, so the samples also exercise the writers.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createTimeSeries, type DataObject } from '../data/dataset.js';
import { writeDataFile } from '../io/index.js';
import {
  SAMPLE_TIMES,
  sampleMultiBlock,
  sampleSurface,
  sampleUnstructuredGrid,
  sampleVolume,
} from './generators.js';

export interface ExampleFile {
  file: string;
  description: string;
  build(): DataObject;
}

export const EXAMPLES: readonly ExampleFile[] = [
  {
    file: 'volume.vti',
    description: 'ImageData 64³: density (two Gaussian blobs) and velocity (a rising swirl)',
    build: () => sampleVolume(),
  },
  {
    file: 'torus.vtp',
    description: 'PolyData torus of quads with Normals and Gaussian curvature',
    build: () => sampleSurface(),
  },
  {
    file: 'mixed-cells.vtu',
    description: 'UnstructuredGrid of hexahedra, wedges and tetrahedra with point and cell arrays',
    build: () => sampleUnstructuredGrid(),
  },
  {
    file: 'multiblock.vtm',
    description: 'MultiBlock: surface, solid and a nested block with a small volume',
    build: () => sampleMultiBlock(),
  },
  {
    file: 'blobs.pvd',
    description: 'time series of 10 steps: the density blobs drifting',
    build: () => createTimeSeries(SAMPLE_TIMES.map((time) => ({ time, data: sampleVolume(32, time) }))),
  },
];

/** Writes every example into `directory` (created if needed); returns the paths written. */
export async function writeExamples(directory: string): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  for (const example of EXAMPLES) {
    const path = join(directory, example.file);
    await writeDataFile(path, example.build(), { compress: true });
    written.push(path);
  }
  return written;
}
