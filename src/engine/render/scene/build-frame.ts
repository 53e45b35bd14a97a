/**
 * Scene model → backend input: a RenderView's properties and its representations become
 * FrameProps (camera, background, actors with geometry, colours and model matrices), plus the
 * volumes to ray cast after them (Volume items: volume rendering is not rasterisation, so they
 * are not actors). A Slice is the surface of the image's layer. Geometry is built once per
 * (data object, representation type, slice, colouring) and reused for every frame, so a camera
 * change only transforms and rasterises.
 */
import { MAGNITUDE } from '../../data/data-array.js';
import type { DataObject, ImageData } from '../../data/dataset.js';
import { boundsOf } from '../../data/queries.js';
import { type Camera, defaultCamera, resetCamera, resetClippingRange } from '../camera/camera.js';
import { LookupTable } from '../color/lookup-table.js';
import type { ActorProps, FrameProps } from '../cpu/render-frame.js';
import { actorMatrix, isIdentityTransform, transformBounds } from './actor-transform.js';
import { type ColorBy, type RenderGeometry, scalarRange } from './geometry.js';
import { type FrameVolume, frameVolume, requireImage, sliceColorRange } from './image-representations.js';
import { imageSlice, sliceIndex } from './image-slice.js';
import {
  PARAVIEW_BACKGROUND,
  type RenderViewProperties,
  type RepresentationProperties,
  type SceneRepresentation,
} from './render-view.js';
import { type GeometricRepresentation, representationGeometries } from './representation-geometry.js';

export interface SceneItem {
  data: DataObject;
  representation: RepresentationProperties;
}

type Bounds = [number, number, number, number, number, number];

const geometryCache = new WeakMap<DataObject, Map<string, RenderGeometry[]>>();

function colorByOf(representation: RepresentationProperties): ColorBy | undefined {
  const selection = representation.ColorArrayName;
  if (!selection) return undefined;
  const component = representation.ColorComponent;
  return {
    association: selection[0],
    name: selection[1],
    component: component === 'Magnitude' ? MAGNITUDE : component,
  };
}

/** How geometry of a representation other than Volume is drawn: a Slice as a surface. */
function geometricOf(type: Exclude<SceneRepresentation, 'Volume'>): GeometricRepresentation {
  return type === 'Slice' ? 'Surface' : type;
}

/** The layer a Slice shows, its index resolved so that every value meaning it shares one geometry. */
function shownLayer(image: ImageData, r: RepresentationProperties) {
  return { image, mode: r.SliceMode, index: sliceIndex(image, r.SliceMode, r.Slice) };
}

/**
 * The geometries an item draws (cached per data object and drawing choice): none for a Volume,
 * the surface of the shown layer for a Slice. Throws PropertyError when a Volume or Slice is
 * not of ImageData.
 */
export function itemGeometries(item: SceneItem): RenderGeometry[] {
  const r = item.representation;
  const type = r.Representation;
  if (type === 'Volume') {
    requireImage(item.data, type);
    return [];
  }
  const colorBy = colorByOf(r);
  const layer = type === 'Slice' ? shownLayer(requireImage(item.data, type), r) : undefined;
  const key = JSON.stringify([type, layer ? [layer.mode, layer.index] : null, colorBy ?? null]);
  let byKey = geometryCache.get(item.data);
  if (!byKey) {
    byKey = new Map();
    geometryCache.set(item.data, byKey);
  }
  let geometries = byKey.get(key);
  if (!geometries) {
    geometries = layer
      ? representationGeometries(imageSlice(layer.image, layer.mode, layer.index), 'Surface', colorBy)
      : representationGeometries(item.data, geometricOf(type), colorBy);
    byKey.set(key, geometries);
  }
  return geometries;
}

function modelMatrixOf(representation: RepresentationProperties): Float64Array | undefined {
  const props = {
    position: representation.Position,
    orientation: representation.Orientation,
    scale: representation.Scale,
    origin: representation.Origin,
  };
  return isIdentityTransform(props) ? undefined : actorMatrix(props);
}

function union(a: Bounds, b: Bounds): Bounds {
  if (!(a[0] <= a[1])) return b;
  if (!(b[0] <= b[1])) return a;
  return [
    Math.min(a[0], b[0]),
    Math.max(a[1], b[1]),
    Math.min(a[2], b[2]),
    Math.max(a[3], b[3]),
    Math.min(a[4], b[4]),
    Math.max(a[5], b[5]),
  ];
}

/** World bounds of the visible items (volumes included), after their Position/Orientation/Scale. */
export function visibleBounds(items: readonly SceneItem[]): Bounds {
  let bounds: Bounds = [1, -1, 1, -1, 1, -1];
  for (const item of items) {
    if (!item.representation.Visibility) continue;
    const model = modelMatrixOf(item.representation);
    const own = itemGeometries(item).map((geometry) => geometry.bounds);
    if (item.representation.Representation === 'Volume')
      own.push(boundsOf(requireImage(item.data, 'Volume')));
    for (const box of own) bounds = union(bounds, model ? transformBounds(box, model) : box);
  }
  return bounds;
}

/** The view's camera, with the clipping range fitted to the visible bounds. */
export function viewCamera(view: RenderViewProperties, bounds: readonly number[]): Camera {
  return resetClippingRange(
    {
      ...defaultCamera(),
      position: [...view.CameraPosition],
      focalPoint: [...view.CameraFocalPoint],
      viewUp: [...view.CameraViewUp],
      viewAngle: view.CameraViewAngle,
      parallelProjection: view.CameraParallelProjection,
      parallelScale: view.CameraParallelScale,
    },
    bounds,
  );
}

/** ParaView's ResetCamera on the view: same direction, fitted to the visible items. */
export function resetViewCamera(
  view: RenderViewProperties,
  items: readonly SceneItem[],
): RenderViewProperties {
  const bounds = visibleBounds(items);
  const camera = resetCamera(viewCamera(view, bounds), bounds, view.ViewSize[0] / view.ViewSize[1]);
  return {
    ...view,
    CameraPosition: camera.position,
    CameraFocalPoint: camera.focalPoint,
    CameraViewUp: camera.viewUp,
    CameraParallelScale: camera.parallelScale,
  };
}

/** The range of ParaView's default colour map: the data drawn, or a Slice's whole image. */
function dataRange(item: SceneItem, geometries: readonly RenderGeometry[]): [number, number] {
  const r = item.representation;
  const image = r.Representation === 'Slice' ? requireImage(item.data, 'Slice') : undefined;
  return (image && sliceColorRange(image, r)) ?? scalarRange(geometries);
}

function actorsOf(item: SceneItem): ActorProps[] {
  const r = item.representation;
  const geometries = itemGeometries(item);
  if (r.Representation === 'Volume') return [];
  const colored = r.ColorArrayName !== null && geometries.some((g) => g.scalars);
  // ParaView colours with a 'Cool to Warm' table over the data range until one is chosen.
  const lookupTable = colored
    ? (r.LookupTable ?? new LookupTable({ preset: 'Cool to Warm', range: dataRange(item, geometries) }))
    : undefined;
  const modelMatrix = modelMatrixOf(r);
  const representation = geometricOf(r.Representation);
  return geometries.map((geometry) => ({
    geometry,
    representation,
    diffuseColor: r.DiffuseColor,
    edgeColor: r.EdgeColor,
    lineWidth: r.LineWidth,
    pointSize: r.PointSize,
    renderPointsAsSpheres: r.RenderPointsAsSpheres,
    opacity: r.Opacity,
    ambient: r.Ambient,
    ambientColor: r.AmbientColor,
    diffuse: r.Diffuse,
    specular: r.Specular,
    specularPower: r.SpecularPower,
    specularColor: r.SpecularColor,
    flat: r.Interpolation === 'Flat',
    visibility: r.Visibility,
    ...(lookupTable && { lookupTable }),
    ...(modelMatrix && { modelMatrix }),
  }));
}

export interface BuildFrameProps {
  view: RenderViewProperties;
  items: readonly SceneItem[];
  /** 'interactive' uses reduced geometry and no supersampling. */
  quality?: 'still' | 'interactive';
  /** Worker pieces (see FrameProps.workers). */
  workers?: number;
}

export interface BuiltFrame {
  frame: FrameProps;
  /** The item each actor came from (for picking). */
  actorItems: number[];
  /** Visible Volume items, to ray cast after the frame's opaque geometry, against its depth. */
  volumes: FrameVolume[];
}

/** FrameProps for a backend, which item each actor came from, and the volumes to ray cast. */
export function buildFrame(props: BuildFrameProps): BuiltFrame {
  const { view, items } = props;
  const actors: ActorProps[] = [];
  const actorItems: number[] = [];
  const volumes: FrameVolume[] = [];
  items.forEach((item, index) => {
    for (const actor of actorsOf(item)) {
      actors.push(actor);
      actorItems.push(index);
    }
    const r = item.representation;
    if (r.Representation === 'Volume' && r.Visibility)
      volumes.push(frameVolume(requireImage(item.data, 'Volume'), r, modelMatrixOf(r)));
  });
  const gradient = !view.UseColorPaletteForBackground && view.BackgroundColorMode === 'Gradient';
  const frame: FrameProps = {
    width: view.ViewSize[0],
    height: view.ViewSize[1],
    camera: viewCamera(view, visibleBounds(items)),
    background: view.UseColorPaletteForBackground ? PARAVIEW_BACKGROUND : view.Background,
    actors,
    quality: props.quality ?? 'still',
    orientationAxes: view.OrientationAxesVisibility,
  };
  // ParaView's gradient runs from Background2 at the bottom to Background at the top.
  if (gradient) frame.background2 = view.Background2;
  if (props.workers !== undefined) frame.workers = props.workers;
  if (view.Supersample > 1 && props.quality !== 'interactive') frame.supersample = view.Supersample;
  return { frame, actorItems, volumes };
}
