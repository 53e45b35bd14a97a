/**
 * ParaView's two representations of ImageData alone: Slice (one layer drawn as a flat surface,
 * see image-slice.ts) and Volume (ray cast after the geometry, see volume/). What the scene model
 * needs of them beyond the geometric representations: the image itself (anything else is an
 * error, as ParaView does not offer them there), the colour range ParaView gives a slice, and a
 * volume's array and transfer functions.
 */
import { PropertyError } from '../../../errors.js';
import { type DataArray, MAGNITUDE } from '../../data/data-array.js';
import type { DataObject, ImageData } from '../../data/dataset.js';
import { LookupTable } from '../color/lookup-table.js';
import { PiecewiseFunction } from '../color/piecewise-function.js';
import type { VolumeProperty } from '../volume/render-volume.js';
import type { RepresentationProperties, SceneRepresentation } from './render-view.js';

export type ImageRepresentation = Extract<SceneRepresentation, 'Volume' | 'Slice'>;

/** The image a Volume or Slice shows; other data is a PropertyError on Representation. */
export function requireImage(data: DataObject, representation: ImageRepresentation): ImageData {
  if (data.type !== 'ImageData')
    throw new PropertyError(
      'Representation',
      'Representation',
      `${representation} requires ImageData, not ${data.type}`,
    );
  return data;
}

/** The component ColorComponent selects; a single-component array has only its own. */
function componentOf(array: DataArray, representation: RepresentationProperties): number {
  if (array.numberOfComponents === 1) return 0;
  const component = representation.ColorComponent;
  if (component === 'Magnitude') return MAGNITUDE;
  if (component >= array.numberOfComponents)
    throw new PropertyError(
      'Representation',
      'ColorComponent',
      `'${array.name}' has ${array.numberOfComponents} components, not ${component + 1}`,
    );
  return component;
}

function finiteRange(array: DataArray, component: number): [number, number] {
  const [low, high] = array.getRange(component);
  return Number.isFinite(low) && Number.isFinite(high) ? [low, high] : [0, 1];
}

/**
 * The range a coloured Slice's default colour map spans: the whole image's, as ParaView rescales
 * to the representation's input, so that every layer is coloured alike. Undefined when the
 * array is missing (the slice is then drawn in its solid colour).
 */
export function sliceColorRange(
  image: ImageData,
  representation: RepresentationProperties,
): [number, number] | undefined {
  const selection = representation.ColorArrayName;
  if (!selection) return undefined;
  const fields = selection[0] === 'CELLS' ? image.cellData : image.pointData;
  const array = fields.getDataArray(selection[1]);
  return array && finiteRange(array, componentOf(array, representation));
}

/** What a Volume ray casts: a point array of the image, and its transfer functions. */
export interface FrameVolume {
  image: ImageData;
  arrayName: string;
  /** Component index, or MAGNITUDE. */
  component: number;
  property: VolumeProperty;
  /** Model → world (Position, Orientation, Scale, Origin), absent for the identity. */
  modelMatrix?: Float64Array;
}

/**
 * A Volume of `image`: the ColorArrayName point array (ParaView's volume mapper colours by it),
 * else the active scalars; the LookupTable, else 'Cool to Warm' over the array's range; the
 * ScalarOpacityFunction, else ParaView's ramp from 0 to 1 over the colour map's range.
 */
export function frameVolume(
  image: ImageData,
  representation: RepresentationProperties,
  modelMatrix?: Float64Array,
): FrameVolume {
  const selection = representation.ColorArrayName;
  if (selection?.[0] === 'CELLS')
    throw new PropertyError(
      'Representation',
      'ColorArrayName',
      `Volume ray casts point arrays; '${selection[1]}' is a cell array`,
    );
  const array = selection
    ? image.pointData.getDataArray(selection[1])
    : (image.pointData.getActive('scalars') ?? image.pointData.dataArrays[0]);
  if (!array)
    throw new PropertyError(
      'Representation',
      'ColorArrayName',
      `Volume needs a point array; the image has no '${selection?.[1] ?? 'point scalars'}'`,
    );
  const component = componentOf(array, representation);
  const lookupTable =
    representation.LookupTable ??
    new LookupTable({ preset: 'Cool to Warm', range: finiteRange(array, component) });
  const points = representation.ScalarOpacityFunction;
  return {
    image,
    arrayName: array.name,
    component,
    property: {
      lookupTable,
      opacity: new PiecewiseFunction(points.length > 0 ? { points } : { range: lookupTable.range }),
      ...(representation.ScalarOpacityUnitDistance > 0 && {
        opacityUnitDistance: representation.ScalarOpacityUnitDistance,
      }),
      shade: representation.Shade,
    },
    ...(modelMatrix && { modelMatrix }),
  };
}
