/**
 * High-level rendering of a data object the way ParaView shows it by default: surface
 * representation, solid white or coloured by an array with a preset rescaled to its range, the
 * default camera (on +Z looking at the centre, +Y up) reset to the data, optional scalar bar.
 */
import { PropertyError } from '../../errors.js';
import type { DataObject } from '../data/dataset.js';
import { type Camera, defaultCamera, resetCamera, resetClippingRange } from './camera/camera.js';
import { LookupTable } from './color/lookup-table.js';
import { type ActorProps, type Frame, type RepresentationType, renderFrame } from './cpu/render-frame.js';
import { type ColorBy, geometryBounds, type RenderGeometry, scalarRange } from './scene/geometry.js';
import { REPRESENTATION_TYPES, representationGeometries } from './scene/representation-geometry.js';
import { drawScalarBar } from './text/scalar-bar.js';

/** ParaView 5.11's default background. */
export const PARAVIEW_BACKGROUND: [number, number, number] = [0.32, 0.34, 0.43];

export const REPRESENTATIONS: readonly RepresentationType[] = REPRESENTATION_TYPES;

export interface SceneProps {
  representation?: RepresentationType;
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
}

export function prepareScene(data: DataObject, props: SceneProps = {}): PreparedScene {
  const representation = props.representation ?? 'Surface';
  if (!REPRESENTATIONS.includes(representation)) {
    throw new PropertyError('render', 'representation', `expected one of ${REPRESENTATIONS.join(', ')}`);
  }
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
  });
  if (view.scalarBar && scene.lookupTable) {
    drawScalarBar({ rgba: frame.rgba, width: frame.width, height: frame.height }, scene.lookupTable, {
      title: scene.colorArray ?? '',
    });
  }
  return frame;
}
