/**
 * `periscope examples DIR`: writes the project's own sample datasets (generated, never copied
 * from elsewhere) — the default data for demos, docs and `periscope serve`.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createTimeSeries, type DataObject } from '../../engine/data/dataset.js';
import {
  SAMPLE_TIMES,
  sampleMultiBlock,
  sampleSurface,
  sampleUnstructuredGrid,
  sampleVolume,
} from '../../engine/examples/generators.js';
import { writeDataFile } from '../../engine/io/index.js';

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

export function registerExamplesCommand(program: Command): void {
  program
    .command('examples')
    .description('write the sample datasets (volume, surface, mixed cells, multiblock, time series)')
    .argument('<dir>', 'folder to write into (created if missing)')
    .action(async (dir: string) => {
      const written = await writeExamples(resolve(dir));
      for (const [i, path] of written.entries()) {
        process.stdout.write(`${path}  — ${EXAMPLES[i].description}\n`);
      }
    });
}
