/**
 * `periscope info FILE [--json]`: a dataset summary. With --json, exactly one JSON object on
 * stdout (the DataInfo contract of engine/describe.ts). Readers load when the command runs.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { cellTypeInfo } from '../../engine/data/cell-types.js';
import type { ArrayInfo, DataInfo } from '../../engine/describe.js';

function formatRange(range: ArrayInfo['range']): string {
  return range ? `[${range[0]}, ${range[1]}]` : '[no finite values]';
}

function formatArrays(title: string, arrays: ArrayInfo[], indent: string): string[] {
  if (arrays.length === 0) return [];
  return [
    `${indent}${title}:`,
    ...arrays.map(
      (a) =>
        `${indent}  ${a.name} (${a.type}, ${a.components} component${a.components > 1 ? 's' : ''}) ${formatRange(a.range)}`,
    ),
  ];
}

/** The human-readable form of a DataInfo. */
export function formatInfo(info: DataInfo, indent = ''): string[] {
  const lines: string[] = [];
  if (info.file) lines.push(`${indent}file: ${info.file}${info.format ? ` (${info.format})` : ''}`);
  lines.push(`${indent}type: ${info.type}`);
  if (info.rows !== undefined) lines.push(`${indent}rows: ${info.rows}`);
  else lines.push(`${indent}points: ${info.points}`, `${indent}cells: ${info.cells}`);
  if (info.bounds[0] <= info.bounds[1]) lines.push(`${indent}bounds: [${info.bounds.join(', ')}]`);
  const types = Object.entries(info.cellTypes).map(
    ([id, n]) => `${cellTypeInfo(Number(id))?.name ?? id}×${n}`,
  );
  if (types.length) lines.push(`${indent}cell types: ${types.join(', ')}`);
  if (info.timeSteps)
    lines.push(`${indent}time steps (${info.timeSteps.length}): ${info.timeSteps.join(', ')}`);
  lines.push(
    ...formatArrays(info.rows !== undefined ? 'columns' : 'point data', info.pointData, indent),
    ...formatArrays('cell data', info.cellData, indent),
    ...formatArrays('field data', info.fieldData, indent),
  );
  for (const block of info.blocks ?? []) {
    lines.push(`${indent}block '${block.name}':`, ...formatInfo(block, `${indent}  `));
  }
  return lines;
}

export function registerInfoCommand(program: Command): void {
  program
    .command('info')
    .description('print a summary of a dataset: type, counts, bounds, arrays and ranges')
    .argument('<file>', 'data file (VTK legacy/XML/parallel, vtm, pvd, STL, PLY, OBJ, CSV, …)')
    .option('--json', 'print exactly one JSON object')
    .action(async (file: string, options: { json?: boolean }) => {
      const [{ readDataFile }, { describeDataObject }] = await Promise.all([
        import('../../engine/io/index.js'),
        import('../../engine/describe.js'),
      ]);
      const { data, format } = await readDataFile(resolve(file));
      const info = await describeDataObject(data, { file, format });
      process.stdout.write(options.json ? `${JSON.stringify(info)}\n` : `${formatInfo(info).join('\n')}\n`);
    });
}
