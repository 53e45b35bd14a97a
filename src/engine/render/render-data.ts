/**
 * High-level rendering of a data object the way ParaView shows it by default: surface
 * representation, solid white or coloured by an array with a preset rescaled to its range, the
 * default camera (on +Z looking at the centre, +Y up) reset to the data, optional scalar bar.
 */
import { PropertyError } from '../../errors.js';
import { MAGNITUDE } from '../data/data-array.js';
import type { DataObject, ImageData } from '../data/dataset.js';
import { boundsOf } from '../data/queries.js';
import {
  type Camera,
  defaultCamera,
  projectionMatrix,
  resetCamera,
  resetClippingRange,
  viewMatrix,
} from './camera/camera.js';
import { LookupTable } from './color/lookup-table.js';
import { PiecewiseFunction } from './color/piecewise-function.js';
import { type ActorProps, type Frame, type RepresentationType, renderFrame } from './cpu/render-frame.js';

export { recycleFrame } from './cpu/frame-buffers.js';

import { type ColorBy, geometryBounds, type RenderGeometry, scalarRange } from './scene/geometry.js';
import { imageSlice, SLICE_MODES, type SliceMode } from './scene/image-slice.js';
import { PARAVIEW_BACKGROUND, REPRESENTATIONS, type SceneRepresentation } from './scene/render-view.js';
import { representationGeometries } from './scene/representation-geometry.js';
import { drawScalarBar } from './text/scalar-bar.js';
import { renderVolume, type VolumeProperty } from './volume/render-volume.js';

// ParaView 5.11's default background, and what `--representation` takes (the geometric ones,
// and Volume and Slice of ImageData), defined with the RenderView they belong to.
export { PARAVIEW_BACKGROUND, REPRESENTATIONS, type SceneRepresentation } from './scene/render-view.js';

export interface SceneProps {
  representation?: SceneRepresentation;
  /** Slice: the plane (default XY) and the layer (default the middle one). */
  sliceMode?: SliceMode;
  slice?: number;
  /** Array name; a point array wins over a cell array of the same name, as in `--color-by`. */
  colorBy?: string;
  preset?: string;
  diffuseColor?: [number, number, number];
}

/** Geometry plus the actor settings for one data object; reusable across frames. */
export interface PreparedScene {
  geometries: RenderGeometry[];
  actors: ActorProps[];
  lookupTable: LookupTable | undefined;
  colorArray: string | undefined;
  bounds: [number, number, number, number, number, number];
  /** Volume: the image ray cast after the geometry, with its transfer functions. */
  volume?: { image: ImageData; arrayName: string; property: VolumeProperty };
}

function imageOnly(data: DataObject, representation: string): ImageData {
  if (data.type !== 'ImageData')
    throw new PropertyError(
      'render',
      'representation',
      `${representation} needs ImageData, not ${data.type}`,
    );
  return data;
}

/** The Volume representation of an image: ParaView's defaults (preset over the range, opacity ramp 0 → 1). */
function prepareVolume(image: ImageData, props: SceneProps): PreparedScene {
  const array = props.colorBy
    ? image.pointData.getDataArray(props.colorBy)
    : (image.pointData.getActive('scalars') ?? image.pointData.dataArrays[0]);
  if (!array)
    throw new PropertyError('render', 'color-by', `no point array '${props.colorBy ?? '(scalars)'}'`);
  const [low, high] = array.getRange(array.numberOfComponents === 1 ? 0 : MAGNITUDE);
  const range: [number, number] = Number.isFinite(low) && Number.isFinite(high) ? [low, high] : [0, 1];
  const lookupTable = new LookupTable({ preset: props.preset ?? 'Cool to Warm', range });
  return {
    geometries: [],
    actors: [],
    lookupTable,
    colorArray: array.name,
    bounds: boundsOf(image) as PreparedScene['bounds'],
    volume: {
      image,
      arrayName: array.name,
      property: { lookupTable, opacity: new PiecewiseFunction({ range }) },
    },
  };
}

export function prepareScene(data: DataObject, props: SceneProps = {}): PreparedScene {
  const requested = props.representation ?? 'Surface';
  if (!REPRESENTATIONS.includes(requested)) {
    throw new PropertyError('render', 'representation', `expected one of ${REPRESENTATIONS.join(', ')}`);
  }
  if (requested === 'Volume') return prepareVolume(imageOnly(data, requested), props);
  if (requested === 'Slice') {
    const mode = SLICE_MODES.find(
      (candidate) => candidate.toLowerCase() === (props.sliceMode ?? 'XY Plane').toLowerCase(),
    );
    if (!mode) throw new PropertyError('render', 'slice-mode', `expected one of ${SLICE_MODES.join(', ')}`);
    const slice = props.slice ?? -1;
    if (!Number.isInteger(slice))
      throw new PropertyError('render', 'slice', `expected an integer, got ${slice}`);
    data = imageSlice(imageOnly(data, requested), mode, slice);
  }
  const representation: RepresentationType = requested === 'Slice' ? 'Surface' : requested;
  let geometries = representationGeometries(
    data,
    representation,
    props.colorBy ? { association: 'POINTS', name: props.colorBy } : undefined,
  );
  // The outline box carries no arrays, so it is drawn in its solid colour whatever --color-by says.
  if (props.colorBy && representation !== 'Outline' && !geometries.some((g) => g.scalars)) {
    const cells: ColorBy = { association: 'CELLS', name: props.colorBy };
    geometries = representationGeometries(data, representation, cells);
    if (!geometries.some((g) => g.scalars)) {
      throw new PropertyError('render', 'color-by', `no point or cell array '${props.colorBy}'`);
    }
  }
  let lookupTable: LookupTable | undefined;
  if (props.colorBy) {
    lookupTable = new LookupTable({ preset: props.preset ?? 'Cool to Warm', range: scalarRange(geometries) });
  }
  const diffuseColor = props.diffuseColor ?? [1, 1, 1];
  const actors = geometries.map((geometry) => ({
    geometry,
    representation,
    diffuseColor,
    edgeColor: [0, 0, 0.5] as [number, number, number],
    lineWidth: 1,
    lookupTable,
  })) as ActorProps[];
  return { geometries, actors, lookupTable, colorArray: props.colorBy, bounds: geometryBounds(geometries) };
}

export interface ViewProps {
  width: number;
  height: number;
  camera?: Partial<Camera>;
  background?: [number, number, number];
  scalarBar?: boolean;
  workers?: number;
  /** Write pick ids into the frame (default true; see FrameProps.pickIds). */
  pickIds?: boolean;
}

/** ParaView's default camera for a scene: the given one, or +Z / +Y reset to the bounds. */
export function sceneCamera(scene: PreparedScene, view: ViewProps): Camera {
  const aspect = view.width / view.height;
  if (view.camera?.position && view.camera.focalPoint) {
    return resetClippingRange({ ...defaultCamera(), ...view.camera } as Camera, scene.bounds);
  }
  return resetCamera({ ...defaultCamera(), ...view.camera }, scene.bounds, aspect);
}

export async function renderScene(
  scene: PreparedScene,
  view: ViewProps,
  camera = sceneCamera(scene, view),
): Promise<Frame> {
  const frame = await renderFrame({
    width: view.width,
    height: view.height,
    camera,
    background: view.background ?? PARAVIEW_BACKGROUND,
    actors: scene.actors,
    workers: view.workers,
    pickIds: view.pickIds,
  });
  if (scene.volume)
    await renderVolume({
      ...scene.volume,
      viewMatrix: viewMatrix(camera),
      projectionMatrix: projectionMatrix(camera, frame.width / frame.height),
      target: frame,
      depth: frame.depth,
      ...(view.workers !== undefined && { workers: view.workers }),
    });
  if (view.scalarBar && scene.lookupTable) {
    drawScalarBar({ rgba: frame.rgba, width: frame.width, height: frame.height }, scene.lookupTable, {
      title: scene.colorArray ?? '',
    });
  }
  return frame;
}
