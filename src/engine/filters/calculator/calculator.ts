/**
 * Calculator: evaluates a ParaView calculator expression over point or cell data and adds the
 * result as a new array (vtkArrayCalculator). The expression is parsed once into a typed AST
 * (expression.ts), which workers interpret over tuple ranges (evaluate.ts).
 */
import { PropertyError } from '../../../errors.js';
import { allocateTypedArray, DataArray, type DataType, type NumberArray } from '../../data/data-array.js';
import type { DataObject, DataSet } from '../../data/dataset.js';
import { numberOfCells, numberOfPoints } from '../../data/queries.js';
import { taskReference } from '../../workers/pool.js';
import { isIntegerType, numericValues, shallowCopyDataSet } from '../attributes.js';
import { mapDataSets } from '../cell-access/blocks.js';
import { pointSourceOf } from '../cell-access/extract.js';
import { runPieces, splitRange, workerCount } from '../parallel.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema } from '../types.js';
import { type CalculatorPiece, calculatePiece } from './evaluate.js';
import { type Expression, ExpressionError, parseExpression, variablesOf } from './expression.js';

const RESULT_TYPES: Record<string, DataType> = {
  Double: 'Float64',
  Float: 'Float32',
  Int: 'Int32',
  'Unsigned Int': 'UInt32',
  Long: 'Float64',
  'Unsigned Long': 'Float64',
  'Id Type': 'Float64',
  Short: 'Int16',
  'Unsigned Short': 'UInt16',
  Char: 'Int8',
  'Signed Char': 'Int8',
  'Unsigned Char': 'UInt8',
};

const properties: readonly PropertySchema[] = [
  {
    name: 'AttributeType',
    doc: 'Evaluate over point or cell data.',
    type: 'enum',
    values: ['Point Data', 'Cell Data'],
    default: 'Point Data',
  },
  { name: 'Function', doc: 'The expression, e.g. "mag(V)*coordsX + 2".', type: 'string', default: '' },
  { name: 'ResultArrayName', doc: 'Name of the output array.', type: 'string', default: 'Result' },
  {
    name: 'ResultArrayType',
    doc: 'Numeric type of the output array.',
    type: 'enum',
    values: Object.keys(RESULT_TYPES),
    default: 'Double',
  },
  { name: 'ResultNormals', doc: 'Make a vector result the active normals.', type: 'boolean', default: false },
  {
    name: 'ResultTCoords',
    doc: 'Make the result the active texture coordinates.',
    type: 'boolean',
    default: false,
  },
  {
    name: 'CoordinateResults',
    doc: 'Use a vector result as the new point coordinates.',
    type: 'boolean',
    default: false,
  },
  {
    name: 'ReplaceInvalidResults',
    doc: 'Replace NaN and infinite results by ReplacementValue.',
    type: 'boolean',
    default: true,
  },
  { name: 'ReplacementValue', doc: 'Value for invalid results.', type: 'number', default: 0 },
];

const PARALLEL_MIN_TUPLES = 1 << 20;

interface CalculatorSettings {
  cells: boolean;
  text: string;
  resultName: string;
  resultType: DataType;
  resultNormals: boolean;
  resultTCoords: boolean;
  coordinateResults: boolean;
  replaceInvalid: boolean;
  replacement: number;
}

function shared(values: NumberArray): NumberArray {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const copy = new (values.constructor as new (b: SharedArrayBuffer) => NumberArray)(
    new SharedArrayBuffer(values.byteLength),
  );
  copy.set(values);
  return copy;
}

function parse(data: DataSet, settings: CalculatorSettings): Expression {
  const attributes = settings.cells ? data.cellData : data.pointData;
  const arrays = new Map(attributes.dataArrays.map((a) => [a.name, a.numberOfComponents]));
  try {
    return parseExpression(settings.text, { arrays, coordinates: !settings.cells });
  } catch (error) {
    if (error instanceof ExpressionError) throw new PropertyError('Calculator', 'Function', error.message);
    throw error;
  }
}

export async function calculateDataSet(
  data: DataSet,
  settings: CalculatorSettings,
  context: FilterContext,
): Promise<DataSet> {
  const expression = parse(data, settings);
  const components = expression.kind === 'vector' ? 3 : 1;
  if (settings.coordinateResults && (components !== 3 || settings.cells)) {
    throw new PropertyError('Calculator', 'CoordinateResults', 'needs a vector result over point data');
  }
  if (settings.coordinateResults && !('points' in data)) {
    throw new PropertyError(
      'Calculator',
      'CoordinateResults',
      `${data.type} has implicit points that cannot be replaced`,
    );
  }
  const tuples = settings.cells ? numberOfCells(data) : numberOfPoints(data);
  const inline = tuples < PARALLEL_MIN_TUPLES;
  const attributes = settings.cells ? data.cellData : data.pointData;
  const arrays: CalculatorPiece['arrays'] = {};
  for (const name of variablesOf(expression)) {
    const array = attributes.getDataArray(name)!;
    const values = numericValues(array, !inline);
    arrays[name] = { values: inline ? values : shared(values), components: array.numberOfComponents };
  }
  const output = allocateTypedArray(settings.resultType, tuples * components, !inline) as NumberArray;
  const inputs: CalculatorPiece[] = splitRange(0, tuples, inline ? 1 : workerCount(context)).map(
    ([start, end]) => ({
      expression,
      arrays,
      points: settings.cells ? null : pointSourceOf(data, !inline),
      start,
      end,
      output,
      components,
      replaceInvalid: settings.replaceInvalid,
      replacement: settings.replacement,
      round: isIntegerType(settings.resultType),
    }),
  );
  await runPieces(
    {
      task: taskReference(new URL('./evaluate.js', import.meta.url), 'calculatePiece'),
      run: calculatePiece,
      inputs,
      inline,
    },
    context,
  );
  const result = new DataArray({ name: settings.resultName, values: output, numberOfComponents: components });
  const out = shallowCopyDataSet(data);
  if (
    settings.coordinateResults &&
    (out.type === 'PolyData' || out.type === 'UnstructuredGrid' || out.type === 'StructuredGrid')
  ) {
    out.points = new DataArray({ name: 'Points', values: output, numberOfComponents: 3 });
    return out;
  }
  const target = settings.cells ? out.cellData : out.pointData;
  if (settings.resultNormals && components === 3) target.setAttribute('normals', result);
  else if (settings.resultTCoords) target.setAttribute('tcoords', result);
  else target.setAttribute(components === 3 ? 'vectors' : 'scalars', result);
  return out;
}

/** Block by block on multiblocks (names and nesting kept), directly on datasets. */
function calculateObject(
  data: DataObject,
  settings: CalculatorSettings,
  context: FilterContext,
): Promise<DataObject> {
  return mapDataSets('Calculator', data, context, (dataSet, blockContext) =>
    calculateDataSet(dataSet, settings, blockContext),
  );
}

export const calculatorFilter: FilterDefinition = {
  name: 'Calculator',
  kind: 'filter',
  description:
    "Evaluates an expression of ParaView's calculator language over point or cell data (array names, quoted names, " +
    'V_X components, coordsX/Y/Z, coords, iHat/jHat/kHat, + - * / ^, abs … tanh, min, max, mag, norm, dot, cross) and ' +
    'adds the scalar or vector result as ResultArrayName. Output: the input with the new array (MultiBlock per block).',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs, values, context) {
    const p = resolveProperties('Calculator', properties, values);
    const text = (p.Function as string).trim();
    if (!text) throw new PropertyError('Calculator', 'Function', 'is empty');
    const name = p.ResultArrayName as string;
    if (!name) throw new PropertyError('Calculator', 'ResultArrayName', 'is empty');
    const settings: CalculatorSettings = {
      cells: p.AttributeType === 'Cell Data',
      text,
      resultName: name,
      resultType: RESULT_TYPES[p.ResultArrayType as string],
      resultNormals: p.ResultNormals as boolean,
      resultTCoords: p.ResultTCoords as boolean,
      coordinateResults: p.CoordinateResults as boolean,
      replaceInvalid: p.ReplaceInvalidResults as boolean,
      replacement: p.ReplacementValue as number,
    };
    return calculateObject(inputs[0], settings, context);
  },
};
