/**
 * ParaView's "Slice" representation of ImageData: one axis-aligned layer of points, shown as a
 * flat grid coloured by the image's arrays. The layer is a 2D ImageData sharing the volume's
 * origin, spacing and direction, so its geometry is the ordinary surface of a flat image.
 *
 * Point data are the layer's own values. Cell data come from the layer of 3D cells on the layer's
 * upper side (the lower side on the last layer), as VTK's slice mapper samples them.
 */
import { DataSetAttributes } from '../../data/attributes.js';
import { DataArray, type TypedArray } from '../../data/data-array.js';
import { createImageData, type Extent, type ImageData } from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';

export const SLICE_MODES = ['XY Plane', 'YZ Plane', 'XZ Plane'] as const;
export type SliceMode = (typeof SLICE_MODES)[number];

/** The axis a slice mode cuts across: XY → k (2), YZ → i (0), XZ → j (1). */
const AXIS: Record<SliceMode, 0 | 1 | 2> = { 'XY Plane': 2, 'YZ Plane': 0, 'XZ Plane': 1 };

/** The layer index a `Slice` value means: clamped to the image, negative values the middle layer. */
export function sliceIndex(image: ImageData, mode: SliceMode, slice: number): number {
  const points = dimensionsOf(image.extent)[AXIS[mode]];
  if (points === 0) return 0;
  if (!Number.isFinite(slice) || slice < 0) return Math.floor((points - 1) / 2);
  return Math.min(points - 1, Math.round(slice));
}

/** Copies tuples (i, j, k) of `dims` whose `axis` coordinate is `layer`, in VTK order (i fastest). */
function layerOf(array: DataArray, dims: readonly number[], axis: number, layer: number): DataArray {
  const components = array.numberOfComponents;
  const outDims = dims.map((d, a) => (a === axis ? 1 : d));
  const count = outDims[0] * outDims[1] * outDims[2];
  const values = new (array.values.constructor as new (length: number) => TypedArray)(count * components);
  let out = 0;
  for (let k = 0; k < outDims[2]; k++)
    for (let j = 0; j < outDims[1]; j++)
      for (let i = 0; i < outDims[0]; i++) {
        const ijk = [i, j, k];
        ijk[axis] = layer;
        const tuple = ijk[0] + dims[0] * (ijk[1] + dims[1] * ijk[2]);
        for (let c = 0; c < components; c++) values[out++] = array.values[tuple * components + c];
      }
  return new DataArray({
    name: array.name,
    values,
    numberOfComponents: components,
    ...(array.componentNames && { componentNames: array.componentNames }),
  });
}

function sliceAttributes(
  source: DataSetAttributes,
  dims: readonly number[],
  axis: number,
  layer: number,
): DataSetAttributes {
  const out = new DataSetAttributes();
  for (const array of source.dataArrays) out.add(layerOf(array, dims, axis, layer));
  out.copyActiveFrom(source);
  return out;
}

/** Layer `slice` (see `sliceIndex`) of `image` across the axis of `mode`, as a flat ImageData. */
export function imageSlice(image: ImageData, mode: SliceMode, slice: number): ImageData {
  const axis = AXIS[mode];
  const index = sliceIndex(image, mode, slice);
  const extent = [...image.extent] as Extent;
  extent[2 * axis] = extent[2 * axis] + index;
  extent[2 * axis + 1] = extent[2 * axis];
  const out = createImageData({
    extent,
    origin: image.origin,
    spacing: image.spacing,
    direction: image.direction,
  });
  const pointDims = dimensionsOf(image.extent);
  out.pointData = sliceAttributes(image.pointData, pointDims, axis, index);
  const cellDims = pointDims.map((d) => Math.max(1, d - 1));
  out.cellData = sliceAttributes(image.cellData, cellDims, axis, Math.min(index, cellDims[axis] - 1));
  out.fieldData = image.fieldData;
  return out;
}
