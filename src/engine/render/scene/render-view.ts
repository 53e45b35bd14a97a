/**
 * The backend-neutral scene model with ParaView's property names and 5.11 defaults: a
 * RenderView (size, background, camera, axes) and one representation per shown dataset — the
 * geometric ones, and Volume and Slice of ImageData. Plain data (serialisable into session
 * state); `createRenderView` / `createRepresentation` fill the defaults and validate, throwing
 * PropertyError naming the property at fault. `scene/build-frame.ts` turns a view and its
 * representations into a backend's FrameProps and the volumes to ray cast after them.
 */
import { PropertyError } from '../../../errors.js';
import type { Vector3 } from '../camera/camera.js';
import type { LookupTable } from '../color/lookup-table.js';
import { SLICE_MODES, type SliceMode } from './image-slice.js';
import { REPRESENTATION_TYPES } from './representation-geometry.js';

export type Color = [red: number, green: number, blue: number];

/** ParaView 5.11's default palette background. */
export const PARAVIEW_BACKGROUND: Color = [0.32, 0.34, 0.43];

export interface RenderViewProperties {
  /** Pixels, [width, height]. */
  ViewSize: [number, number];
  /** Background colour (the top colour of a gradient). */
  Background: Color;
  /** Bottom colour of a gradient background. */
  Background2: Color;
  /** 'Gradient' blends Background2 (bottom) into Background (top). */
  BackgroundColorMode: 'Single Color' | 'Gradient';
  /** Take the background from the colour palette (ParaView's default) instead of Background. */
  UseColorPaletteForBackground: boolean;
  CameraPosition: Vector3;
  CameraFocalPoint: Vector3;
  CameraViewUp: Vector3;
  /** Degrees, vertical. */
  CameraViewAngle: number;
  CameraParallelProjection: boolean;
  CameraParallelScale: number;
  OrientationAxesVisibility: boolean;
  CenterAxesVisibility: boolean;
  /** Periscope extra: n×n supersampling for still frames (1 = off). */
  Supersample: number;
}

export type ScalarAssociation = 'POINTS' | 'CELLS';

/** ParaView's representations of a dataset: the geometric ones, and Volume and Slice of ImageData. */
export const REPRESENTATIONS = [...REPRESENTATION_TYPES, 'Volume', 'Slice'] as const;
export type SceneRepresentation = (typeof REPRESENTATIONS)[number];

export interface RepresentationProperties {
  Representation: SceneRepresentation;
  Visibility: boolean;
  Opacity: number;
  DiffuseColor: Color;
  AmbientColor: Color;
  EdgeColor: Color;
  SpecularColor: Color;
  Ambient: number;
  Diffuse: number;
  Specular: number;
  SpecularPower: number;
  LineWidth: number;
  PointSize: number;
  RenderPointsAsSpheres: boolean;
  Position: Vector3;
  /** Degrees about x, y, z. */
  Orientation: Vector3;
  Scale: Vector3;
  Origin: Vector3;
  /** [association, array name]; null colours with DiffuseColor. */
  ColorArrayName: [ScalarAssociation, string] | null;
  /** Component index, or 'Magnitude' (ParaView's default for vectors). */
  ColorComponent: number | 'Magnitude';
  /** The colour map (ParaView's LookupTable proxy); its range is used as given. */
  LookupTable: LookupTable | null;
  Interpolation: 'Flat' | 'Gouraud';
  InterpolateScalarsBeforeMapping: boolean;
  /** Slice: the axis-aligned plane of the image shown. */
  SliceMode: SliceMode;
  /** Slice: index of the layer of points shown, clamped to the image; negative: the middle layer. */
  Slice: number;
  /**
   * Volume: opacity transfer function as flat [value, opacity, …] in data units; [] is
   * ParaView's ramp from 0 to 1 over the colour map's range.
   */
  ScalarOpacityFunction: number[];
  /** Volume: world distance over which an opacity applies; 0 is the image's mean spacing. */
  ScalarOpacityUnitDistance: number;
  /** Volume: gradient shading with the headlight. */
  Shade: boolean;
}

export function defaultRenderView(): RenderViewProperties {
  return {
    ViewSize: [1280, 720],
    Background: [...PARAVIEW_BACKGROUND],
    Background2: [0, 0, 0.165],
    BackgroundColorMode: 'Single Color',
    UseColorPaletteForBackground: true,
    CameraPosition: [0, 0, 6.69],
    CameraFocalPoint: [0, 0, 0],
    CameraViewUp: [0, 1, 0],
    CameraViewAngle: 30,
    CameraParallelProjection: false,
    CameraParallelScale: 1,
    OrientationAxesVisibility: true,
    CenterAxesVisibility: false,
    Supersample: 1,
  };
}

export function defaultRepresentation(): RepresentationProperties {
  return {
    Representation: 'Surface',
    Visibility: true,
    Opacity: 1,
    DiffuseColor: [1, 1, 1],
    AmbientColor: [1, 1, 1],
    EdgeColor: [0, 0, 0.5],
    SpecularColor: [1, 1, 1],
    Ambient: 0,
    Diffuse: 1,
    Specular: 0,
    SpecularPower: 100,
    LineWidth: 1,
    PointSize: 2,
    RenderPointsAsSpheres: false,
    Position: [0, 0, 0],
    Orientation: [0, 0, 0],
    Scale: [1, 1, 1],
    Origin: [0, 0, 0],
    ColorArrayName: null,
    ColorComponent: 'Magnitude',
    LookupTable: null,
    Interpolation: 'Gouraud',
    InterpolateScalarsBeforeMapping: true,
    SliceMode: 'XY Plane',
    Slice: -1,
    ScalarOpacityFunction: [],
    ScalarOpacityUnitDistance: 0,
    Shade: false,
  };
}

function check(owner: string, property: string, ok: boolean, expected: string): void {
  if (!ok) throw new PropertyError(owner, property, `expected ${expected}`);
}

const isFiniteVector = (v: unknown, length: number) =>
  Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isColor = (v: unknown) => isFiniteVector(v, 3) && (v as number[]).every((x) => x >= 0 && x <= 1);

/** Flat [x, y, …] pairs with finite, non-decreasing x and y in [0, 1]; empty allowed. */
function isOpacityFunction(v: unknown): boolean {
  if (!Array.isArray(v) || v.length % 2 !== 0) return false;
  for (let i = 0; i < v.length; i += 2) {
    const [x, y] = [v[i], v[i + 1]];
    if (typeof x !== 'number' || !Number.isFinite(x) || (i > 0 && x < v[i - 2])) return false;
    if (typeof y !== 'number' || !(y >= 0 && y <= 1)) return false;
  }
  return true;
}

export function createRenderView(props: Partial<RenderViewProperties> = {}): RenderViewProperties {
  const view = { ...defaultRenderView(), ...props };
  const size = view.ViewSize;
  check(
    'RenderView',
    'ViewSize',
    isFiniteVector(size, 2) && size.every((v) => Number.isInteger(v) && v >= 1 && v <= 16384),
    'two integers in 1..16384',
  );
  for (const name of ['Background', 'Background2'] as const)
    check('RenderView', name, isColor(view[name]), 'an RGB triple in [0, 1]');
  check(
    'RenderView',
    'BackgroundColorMode',
    view.BackgroundColorMode === 'Single Color' || view.BackgroundColorMode === 'Gradient',
    "'Single Color' or 'Gradient'",
  );
  for (const name of ['CameraPosition', 'CameraFocalPoint', 'CameraViewUp'] as const)
    check('RenderView', name, isFiniteVector(view[name], 3), 'three finite numbers');
  check(
    'RenderView',
    'CameraViewAngle',
    view.CameraViewAngle > 0 && view.CameraViewAngle < 180,
    'degrees in (0, 180)',
  );
  check('RenderView', 'CameraParallelScale', view.CameraParallelScale > 0, 'a positive number');
  check(
    'RenderView',
    'Supersample',
    Number.isInteger(view.Supersample) && view.Supersample >= 1 && view.Supersample <= 4,
    'an integer in 1..4',
  );
  return view;
}

export function createRepresentation(
  props: Partial<RepresentationProperties> = {},
): RepresentationProperties {
  const r = { ...defaultRepresentation(), ...props };
  check(
    'Representation',
    'Representation',
    (REPRESENTATIONS as readonly string[]).includes(r.Representation),
    `one of ${REPRESENTATIONS.join(', ')}`,
  );
  check('Representation', 'Opacity', r.Opacity >= 0 && r.Opacity <= 1, 'a number in [0, 1]');
  for (const name of ['DiffuseColor', 'AmbientColor', 'EdgeColor', 'SpecularColor'] as const)
    check('Representation', name, isColor(r[name]), 'an RGB triple in [0, 1]');
  for (const name of ['Ambient', 'Diffuse', 'Specular'] as const)
    check('Representation', name, r[name] >= 0 && r[name] <= 1, 'a number in [0, 1]');
  check(
    'Representation',
    'SpecularPower',
    r.SpecularPower >= 0 && r.SpecularPower <= 128,
    'a number in [0, 128]',
  );
  check('Representation', 'LineWidth', r.LineWidth > 0 && r.LineWidth <= 64, 'pixels in (0, 64]');
  check('Representation', 'PointSize', r.PointSize > 0 && r.PointSize <= 64, 'pixels in (0, 64]');
  for (const name of ['Position', 'Orientation', 'Scale', 'Origin'] as const)
    check('Representation', name, isFiniteVector(r[name], 3), 'three finite numbers');
  check(
    'Representation',
    'ColorArrayName',
    r.ColorArrayName === null ||
      (Array.isArray(r.ColorArrayName) &&
        (r.ColorArrayName[0] === 'POINTS' || r.ColorArrayName[0] === 'CELLS') &&
        typeof r.ColorArrayName[1] === 'string'),
    "null or ['POINTS' | 'CELLS', name]",
  );
  check(
    'Representation',
    'ColorComponent',
    r.ColorComponent === 'Magnitude' || (Number.isInteger(r.ColorComponent) && r.ColorComponent >= 0),
    "'Magnitude' or a component index",
  );
  check(
    'Representation',
    'Interpolation',
    r.Interpolation === 'Flat' || r.Interpolation === 'Gouraud',
    "'Flat' or 'Gouraud'",
  );
  check(
    'Representation',
    'SliceMode',
    (SLICE_MODES as readonly string[]).includes(r.SliceMode),
    `one of ${SLICE_MODES.join(', ')}`,
  );
  check('Representation', 'Slice', Number.isInteger(r.Slice), 'an integer (negative: the middle layer)');
  check(
    'Representation',
    'ScalarOpacityFunction',
    isOpacityFunction(r.ScalarOpacityFunction),
    'value, opacity pairs with values non-decreasing and opacities in [0, 1]',
  );
  check(
    'Representation',
    'ScalarOpacityUnitDistance',
    Number.isFinite(r.ScalarOpacityUnitDistance) && r.ScalarOpacityUnitDistance >= 0,
    'a distance ≥ 0 (0: the mean spacing)',
  );
  check('Representation', 'Shade', typeof r.Shade === 'boolean', 'true or false');
  return r;
}
