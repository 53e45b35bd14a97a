/**
 * Threshold: keeps the cells whose point or cell scalars lie in a range (vtkThreshold), output
 * as an UnstructuredGrid holding only the points those cells use. Cells are classified in
 * parallel over cell ranges, then points renumbered and data copied (cell-access/extract.ts).
 */
import { PropertyError } from '../../../errors.js';
import type { DataObject, DataSet, UnstructuredGrid } from '../../data/dataset.js';
import { numberOfPoints } from '../../data/queries.js';
import { taskReference } from '../../workers/pool.js';
import { numericValues } from '../attributes.js';
import { mapDataSets } from '../cell-access/blocks.js';
import { cellListOf, splitCells } from '../cell-access/cell-list.js';
import { extractKeptCells } from '../cell-access/extract.js';
import { runPieces, splitRange, workerCount } from '../parallel.js';
import { requireArray, resolveProperties } from '../properties.js';
import type { ArraySelection, FilterContext, FilterDefinition, PropertySchema } from '../types.js';
import {
  ComponentMode,
  classifyPointsPiece,
  ThresholdMethod,
  type ThresholdPiece,
  thresholdPiece,
} from './threshold.worker.js';

const METHODS = ['Between', 'Below Lower Threshold', 'Above Upper Threshold'] as const;
const MODES = ['Selected', 'All', 'Any'] as const;

const properties: readonly PropertySchema[] = [
  { name: 'Scalars', doc: 'Point or cell array to test.', type: 'array', association: 'ANY', default: null },
  { name: 'LowerThreshold', doc: 'Lower end of the range.', type: 'number', default: 0 },
  { name: 'UpperThreshold', doc: 'Upper end of the range.', type: 'number', default: 0 },
  {
    name: 'ThresholdMethod',
    doc: 'Which side of the thresholds passes.',
    type: 'enum',
    values: METHODS,
    default: 'Between',
  },
  {
    name: 'AllScalars',
    doc: 'With point scalars, every point of a cell must pass (else any).',
    type: 'boolean',
    default: true,
  },
  {
    name: 'UseContinuousCellRange',
    doc: 'With point scalars, a cell passes when the range of its point values meets the threshold range.',
    type: 'boolean',
    default: false,
  },
  { name: 'Invert', doc: 'Keep the cells that fail instead.', type: 'boolean', default: false },
  {
    name: 'ComponentMode',
    doc: 'For vectors: test the selected component, all, or any.',
    type: 'enum',
    values: MODES,
    default: 'Selected',
  },
  {
    name: 'SelectedComponent',
    doc: 'Component tested in Selected mode; the number of components means the magnitude.',
    type: 'number',
    integer: true,
    min: 0,
    default: 0,
  },
];

/** Below this many cells the kernels run on the calling thread. */
const PARALLEL_MIN_CELLS = 1 << 20;

type Settings = Omit<
  ThresholdPiece,
  | 'source'
  | 'scalars'
  | 'components'
  | 'pointScalars'
  | 'component'
  | 'start'
  | 'end'
  | 'keep'
  | 'used'
  | 'pointPass'
> & {
  selection: ArraySelection | null;
  selectedComponent: number;
};

export async function thresholdDataSet(
  data: DataSet,
  settings: Settings,
  context: FilterContext,
): Promise<UnstructuredGrid> {
  const selection =
    settings.selection ??
    ((name) => (name === undefined ? null : (['POINTS', name] as ArraySelection)))(
      data.pointData.getActiveName('scalars'),
    );
  const { array, association } = requireArray('Threshold', 'Scalars', data, selection);
  const n = array.numberOfComponents;
  if (settings.selectedComponent > n || (n === 1 && settings.selectedComponent > 0)) {
    throw new PropertyError(
      'Threshold',
      'SelectedComponent',
      `array '${array.name}' has ${n} component(s); got ${settings.selectedComponent}`,
    );
  }
  const source0 = cellListOf(data, false);
  const inline = source0.cells < PARALLEL_MIN_CELLS;
  const shared = !inline;
  const source = shared ? cellListOf(data, true) : source0;
  const values = numericValues(array, shared);
  const scalars =
    shared && !(values.buffer instanceof SharedArrayBuffer) ? numericValues(array.clone(true)) : values;
  const points = numberOfPoints(data);
  const keep = new Uint8Array(shared ? new SharedArrayBuffer(source.cells) : new ArrayBuffer(source.cells));
  const used = new Uint8Array(shared ? new SharedArrayBuffer(points) : new ArrayBuffer(points));
  const workers = workerCount(context);
  const ranges = splitCells(source, inline ? 1 : workers);
  const { selection: _s, selectedComponent, ...tests } = settings;
  const pointScalars = association === 'POINTS';
  const usePointPass = pointScalars && !settings.continuousRange;
  const pointPass = usePointPass
    ? new Uint8Array(shared ? new SharedArrayBuffer(points) : new ArrayBuffer(points))
    : null;
  const base = {
    ...tests,
    source,
    scalars,
    components: n,
    pointScalars,
    component: n === 1 ? 0 : selectedComponent === n ? -1 : selectedComponent,
    keep,
    used,
    pointPass,
  };
  const task = (name: string) => taskReference(new URL('./threshold.worker.js', import.meta.url), name);
  if (pointPass) {
    await runPieces(
      {
        task: task('classifyPointsPiece'),
        run: classifyPointsPiece,
        inputs: splitRange(0, points, inline ? 1 : workers).map(([start, end]) => ({ ...base, start, end })),
        inline,
      },
      { ...context, onProgress: (f) => context.onProgress?.(0.2 * f) },
    );
  }
  const inputs: ThresholdPiece[] = ranges.map(([start, end]) => ({ ...base, start, end }));
  const results = await runPieces(
    {
      task: taskReference(new URL('./threshold.worker.js', import.meta.url), 'thresholdPiece'),
      run: thresholdPiece,
      inputs,
      inline,
    },
    { ...context, onProgress: (f) => context.onProgress?.(0.6 * f) },
  );
  return extractKeptCells(
    data,
    { source, keep, used, pieces: ranges.map(([start, end], i) => ({ start, end, ...results[i] })) },
    inline,
    workers,
    { ...context, onProgress: (f) => context.onProgress?.(0.6 + 0.4 * f) },
  );
}

/** Block by block on multiblocks (names and nesting kept), directly on datasets. */
function thresholdObject(data: DataObject, settings: Settings, context: FilterContext): Promise<DataObject> {
  return mapDataSets('Threshold', data, context, (dataSet, blockContext) =>
    thresholdDataSet(dataSet, settings, blockContext),
  );
}

export const thresholdFilter: FilterDefinition = {
  name: 'Threshold',
  kind: 'filter',
  description:
    'Keeps the cells whose scalars lie between LowerThreshold and UpperThreshold (or below/above them), as ' +
    'vtkThreshold: point scalars test every point of a cell (AllScalars) or any, or the cell value range; ' +
    'vectors by component, all or any components. Output: UnstructuredGrid of the kept cells and the points ' +
    'they use (renumbered in input order), point and cell data copied; MultiBlock per block.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs, values, context) {
    const p = resolveProperties('Threshold', properties, values);
    const settings: Settings = {
      selection: p.Scalars as ArraySelection | null,
      lower: p.LowerThreshold as number,
      upper: p.UpperThreshold as number,
      method: [ThresholdMethod.Between, ThresholdMethod.Below, ThresholdMethod.Above][
        METHODS.indexOf(p.ThresholdMethod as (typeof METHODS)[number])
      ],
      allScalars: p.AllScalars as boolean,
      continuousRange: p.UseContinuousCellRange as boolean,
      invert: p.Invert as boolean,
      mode: [ComponentMode.Selected, ComponentMode.All, ComponentMode.Any][
        MODES.indexOf(p.ComponentMode as (typeof MODES)[number])
      ],
      selectedComponent: p.SelectedComponent as number,
    };
    return thresholdObject(inputs[0], settings, context);
  },
};
