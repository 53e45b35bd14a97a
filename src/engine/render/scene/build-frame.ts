/**
 * Scene model → backend input: a RenderView's properties and its representations become
 * FrameProps (camera, background, actors with geometry, colours and model matrices). Geometry is
 * built once per (data object, representation type, colouring) and reused for every frame, so a
 * camera change only transforms and rasterises.
 */
import { MAGNITUDE } from '../../data/data-array.js';
import type { DataObject } from '../../data/dataset.js';
import { type Camera, defaultCamera, resetCamera, resetClippingRange } from '../camera/camera.js';
import { LookupTable } from '../color/lookup-table.js';
import type { ActorProps, FrameProps } from '../cpu/render-frame.js';
import { actorMatrix, isIdentityTransform, transformBounds } from './actor-transform.js';
import { type ColorBy, type RenderGeometry, scalarRange } from './geometry.js';
import {
  PARAVIEW_BACKGROUND,
  type RenderViewProperties,
  type RepresentationProperties,
} from './render-view.js';
import { representationGeometries } from './representation-geometry.js';

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

/** The geometries an item draws (cached per data object and drawing choice). */
export function itemGeometries(item: SceneItem): RenderGeometry[] {
  const colorBy = colorByOf(item.representation);
  const key = JSON.stringify([item.representation.Representation, colorBy ?? null]);
  let byKey = geometryCache.get(item.data);
  if (!byKey) {
    byKey = new Map();
    geometryCache.set(item.data, byKey);
  }
  let geometries = byKey.get(key);
  if (!geometries) {
    geometries = representationGeometries(item.data, item.representation.Representation, colorBy);
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

/** World bounds of the visible items, after their Position/Orientation/Scale. */
export function visibleBounds(items: readonly SceneItem[]): Bounds {
  let bounds: Bounds = [1, -1, 1, -1, 1, -1];
  for (const item of items) {
    if (!item.representation.Visibility) continue;
    const model = modelMatrixOf(item.representation);
    for (const geometry of itemGeometries(item)) {
      bounds = union(bounds, model ? transformBounds(geometry.bounds, model) : geometry.bounds);
    }
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

function actorsOf(item: SceneItem): ActorProps[] {
  const r = item.representation;
  const geometries = itemGeometries(item);
  const colored = r.ColorArrayName !== null && geometries.some((g) => g.scalars);
  // ParaView colours with a 'Cool to Warm' table over the data range until one is chosen.
  const lookupTable = colored
    ? (r.LookupTable ?? new LookupTable({ preset: 'Cool to Warm', range: scalarRange(geometries) }))
    : undefined;
  const modelMatrix = modelMatrixOf(r);
  return geometries.map((geometry) => ({
    geometry,
    representation: r.Representation,
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

/** FrameProps for a backend, plus which item each actor came from (for picking). */
export function buildFrame(props: BuildFrameProps): { frame: FrameProps; actorItems: number[] } {
  const { view, items } = props;
  const actors: ActorProps[] = [];
  const actorItems: number[] = [];
  items.forEach((item, index) => {
    for (const actor of actorsOf(item)) {
      actors.push(actor);
      actorItems.push(index);
    }
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
  return { frame, actorItems };
}
