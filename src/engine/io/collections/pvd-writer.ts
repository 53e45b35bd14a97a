/**
 * Writer for .pvd collections: every time step's data goes to the sibling folder named after the
 * file (`out/run.pvd` → `out/run/run_<step>.vtu`), and the .pvd lists them with their times.
 * A step that is a MultiBlock of two or more datasets is written as parts (one file per block,
 * `part` and `name` attributes), which is how the reader gives it back; any other MultiBlock is
 * written as a .vtm. A single dataset or multiblock is written as one step at time 0.
 */
import { throwIfAborted, WriteError } from '../../../errors.js';
import { type DataObject, type DataSet, isDataSet, type MultiBlock } from '../../data/dataset.js';
import type { FormatWriter, WriteOptions } from '../types.js';
import { escapeAttribute, memberLayout, SERIAL_EXTENSION } from './leaf-files.js';
import { PVD_FORMAT } from './pvd-reader.js';
import { ensureFolder, planVtm, writeLeaves, writeTextFile } from './vtm-writer.js';

function isPartList(data: MultiBlock): boolean {
  return (
    data.blocks.length >= 2 && data.blocks.every((block) => block.data !== null && isDataSet(block.data))
  );
}

function formatTime(time: number, path: string): string {
  if (!Number.isFinite(time)) throw new WriteError(path, `time step value ${time} is not finite`);
  // JavaScript's shortest round-trip form ("0.1", "1e-7") is read back exactly by strtod.
  return String(time);
}

/** Writes `data` (a TimeSeries, or one dataset/multiblock as a single step) as a .pvd. */
export async function writePvd(path: string, data: DataObject, options: WriteOptions = {}): Promise<void> {
  const layout = memberLayout(path);
  const steps = data.type === 'TimeSeries' ? data.steps : [{ time: 0, load: async () => data }];
  const entries: string[] = [];
  for (let index = 0; index < steps.length; index++) {
    throwIfAborted(options.signal, `writing ${path}`);
    const step = steps[index];
    const timestep = escapeAttribute(formatTime(step.time, path));
    const stepData = await step.load();
    const suffix = String(index);
    if (isDataSet(stepData)) {
      const extension = SERIAL_EXTENSION[stepData.type];
      await writeLeaves(layout.folder, [{ path: layout.pathOf(suffix, extension), data: stepData }], options);
      entries.push(
        `    <DataSet timestep="${timestep}" group="" part="0" file="${escapeAttribute(layout.referenceOf(suffix, extension))}"/>`,
      );
    } else if (stepData.type === 'MultiBlock' && isPartList(stepData)) {
      const parts = stepData.blocks.map((block, part) => {
        const dataset = block.data as DataSet;
        const extension = SERIAL_EXTENSION[dataset.type];
        return { block, part, extension, path: layout.pathOf(`${suffix}_${part}`, extension), data: dataset };
      });
      await writeLeaves(layout.folder, parts, options);
      for (const { block, part, extension } of parts) {
        entries.push(
          `    <DataSet timestep="${timestep}" group="" part="${part}" name="${escapeAttribute(block.name)}" file="${escapeAttribute(layout.referenceOf(`${suffix}_${part}`, extension))}"/>`,
        );
      }
    } else if (stepData.type === 'MultiBlock') {
      const vtmPath = layout.pathOf(suffix, '.vtm');
      const { text, leaves } = planVtm(vtmPath, stepData);
      await writeLeaves(memberLayout(vtmPath).folder, leaves, options);
      await ensureFolder(layout.folder);
      await writeTextFile(vtmPath, text);
      entries.push(
        `    <DataSet timestep="${timestep}" group="" part="0" file="${escapeAttribute(layout.referenceOf(suffix, '.vtm'))}"/>`,
      );
    } else {
      throw new WriteError(path, `time step ${index} holds a ${stepData.type}, which a .pvd cannot store`);
    }
  }
  const text = [
    '<?xml version="1.0"?>',
    '<VTKFile type="Collection" version="0.1" byte_order="LittleEndian">',
    '  <Collection>',
    ...entries,
    '  </Collection>',
    '</VTKFile>',
    '',
  ].join('\n');
  await writeTextFile(path, text);
}

export const pvdWriter: FormatWriter = {
  format: PVD_FORMAT,
  description: 'ParaView data collection (.pvd with a folder of VTK XML files)',
  extensions: ['.pvd'],
  accepts: (data) => data.type === 'TimeSeries' || data.type === 'MultiBlock' || isDataSet(data),
  write: (path, data, options) => writePvd(path, data, options),
};
