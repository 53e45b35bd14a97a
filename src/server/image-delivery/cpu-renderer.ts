/**
 * The session's default renderer backend: the engine's CPU rasterizer behind the SceneRenderer
 * interface. Geometry is built once per node output (and representation/colouring choice) and
 * reused for every frame, so a mouse drag only transforms and rasterises.
 */

import { DataArray, MAGNITUDE } from '../../engine/data/data-array.js';
import { type Bounds, createPolyData, type ImageData } from '../../engine/data/dataset.js';
import { boundsOf, unionBounds } from '../../engine/data/queries.js';
import type { Camera } from '../../engine/render/camera/camera.js';
import {
  multiplyMatrices,
  projectionMatrix,
  resetClippingRange,
  viewMatrix,
} from '../../engine/render/camera/camera.js';
import type { LookupTable } from '../../engine/render/color/lookup-table.js';
import { PiecewiseFunction } from '../../engine/render/color/piecewise-function.js';
import { drawOrientationAxes } from '../../engine/render/cpu/orientation-axes.js';
import { pickPixel } from '../../engine/render/cpu/pick.js';
import { type ActorProps, recycleFrame, renderFrame } from '../../engine/render/cpu/render-frame.js';
import { encodeFrame } from '../../engine/render/encode.js';
import { geometryBounds, polyDataGeometry, type RenderGeometry } from '../../engine/render/scene/geometry.js';
import { blendPixel, drawText } from '../../engine/render/text/draw-text.js';
import { drawScalarBar } from '../../engine/render/text/scalar-bar.js';
import { renderVolume, type VolumeProperty } from '../../engine/render/volume/render-volume.js';
import { geometricRepresentation, lookupTableOf, type RepresentationProperties } from '../representation.js';
import {
  actorGeometries,
  colorDataRange,
  type SceneActor,
  type SceneAnnotation,
  type ScenePickRequest,
  type SceneRenderer,
} from './scene.js';

/** ParaView's centre axes: X red, Y yellow, Z green, through the centre of rotation, a quarter of the scene's diagonal long. */
const CENTER_AXIS_COLORS: [number, number, number][] = [
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
];

function centerAxes(center: readonly number[], bounds: readonly number[]): ActorProps[] {
  const diagonal = Math.hypot(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]);
  const half = Number.isFinite(diagonal) && diagonal > 0 ? diagonal / 8 : 0.5;
  return CENTER_AXIS_COLORS.map((color, axis) => {
    const points = new Float32Array(6);
    for (let k = 0; k < 3; k++) {
      points[k] = center[k] - (k === axis ? half : 0);
      points[3 + k] = center[k] + (k === axis ? half : 0);
    }
    const line = createPolyData({
      points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
      lines: { offsets: new Int32Array([0, 2]), connectivity: new Int32Array([0, 1]) },
    });
    return {
      geometry: polyDataGeometry(line),
      representation: 'Wireframe',
      diffuseColor: color,
      edgeColor: color,
      lineWidth: 1,
      pointSize: 1,
      opacity: 1,
    };
  });
}

function parseColor(css: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  return match
    ? ([1, 2, 3].map((i) => Number.parseInt(match[i], 16) / 255) as [number, number, number])
    : [1, 1, 1];
}

/** A marker at the annotation's projected point and its text beside it; nothing when behind the camera. */
function drawAnnotation(
  frame: { rgba: Uint8Array | Uint8ClampedArray; width: number; height: number },
  camera: Camera,
  annotation: SceneAnnotation,
): void {
  const matrix = multiplyMatrices(projectionMatrix(camera, frame.width / frame.height), viewMatrix(camera));
  const [x, y, z] = annotation.position;
  const clipX = matrix[0] * x + matrix[4] * y + matrix[8] * z + matrix[12];
  const clipY = matrix[1] * x + matrix[5] * y + matrix[9] * z + matrix[13];
  const clipW = matrix[3] * x + matrix[7] * y + matrix[11] * z + matrix[15];
  if (clipW <= 0) return;
  const column = ((clipX / clipW + 1) / 2) * frame.width;
  const row = ((1 - clipY / clipW) / 2) * frame.height;
  const color = parseColor(annotation.color);
  const image = { rgba: frame.rgba as Uint8Array, width: frame.width, height: frame.height };
  for (let dy = -3; dy <= 3; dy++)
    for (let dx = -3; dx <= 3; dx++) {
      const px = Math.round(column) + dx;
      const py = Math.round(row) + dy;
      if (dx * dx + dy * dy > 9 || px < 0 || py < 0 || px >= frame.width || py >= frame.height) continue;
      blendPixel(image, (py * frame.width + px) * 4, [...color, 1], 1);
    }
  drawText(image, annotation.text, column + 6, row - 6, { color, size: 14 });
}

interface VolumeItem {
  image: ImageData;
  array: string;
  lookupTable: LookupTable;
  property: VolumeProperty;
}

/** What a Volume representation of `image` ray casts: its colour array (or active scalars) and transfer functions. */
function volumeItem(image: ImageData, representation: RepresentationProperties): VolumeItem | undefined {
  const selection = representation.ColorArrayName;
  const array =
    selection?.[0] === 'POINTS'
      ? image.pointData.getDataArray(selection[1])
      : (image.pointData.getActive('scalars') ?? image.pointData.dataArrays[0]);
  if (!array) return undefined;
  const lookupTable = lookupTableOf(
    representation,
    array.getRange(array.numberOfComponents === 1 ? 0 : MAGNITUDE),
  );
  const range = lookupTable.range;
  const points = representation.ScalarOpacityFunction;
  return {
    image,
    array: array.name,
    lookupTable,
    property: {
      lookupTable,
      opacity: new PiecewiseFunction(points.length >= 2 ? { points } : { range }),
      ...(representation.ScalarOpacityUnitDistance > 0 && {
        opacityUnitDistance: representation.ScalarOpacityUnitDistance,
      }),
      shade: representation.Shade,
    },
  };
}

export function createCpuSceneRenderer(options: { workers?: number } = {}): SceneRenderer {
  /** The frame of a scene as the rasterizer draws it (colours, depth, actor and cell ids). */
  // Streamed frames skip the pick ids; a pick draws its own frame with them.
  const draw = async (request: Omit<ScenePickRequest, 'x' | 'y'>, pickIds: boolean) => {
    const actors: ActorProps[] = [];
    const owners: SceneActor[] = [];
    const all: RenderGeometry[] = [];
    const legends: { lookupTable: LookupTable; title: string }[] = [];
    const volumes: VolumeItem[] = [];
    for (const actor of request.actors) {
      const representation = actor.node.representation as RepresentationProperties;
      if (representation.Representation === 'Volume' && actor.data.type === 'ImageData') {
        const volume = volumeItem(actor.data, representation);
        if (volume) {
          volumes.push(volume);
          if (representation.ScalarBarVisibility)
            legends.push({ lookupTable: volume.lookupTable, title: volume.array });
        }
        continue;
      }
      const geometries = actorGeometries(actor);
      all.push(...geometries);
      const colored = representation.ColorArrayName !== null && geometries.some((g) => g.scalars);
      const lookupTable = colored
        ? lookupTableOf(representation, colorDataRange(actor, geometries))
        : undefined;
      if (lookupTable && representation.ScalarBarVisibility && representation.ColorArrayName)
        legends.push({ lookupTable, title: representation.ColorArrayName[1] });
      for (const geometry of geometries) {
        owners.push(actor);
        actors.push({
          geometry,
          representation: geometricRepresentation(representation.Representation),
          diffuseColor: representation.DiffuseColor as [number, number, number],
          edgeColor: [0, 0, 0.5],
          lineWidth: representation.LineWidth,
          pointSize: representation.PointSize,
          opacity: representation.Opacity,
          lookupTable,
        });
      }
    }
    let bounds = geometryBounds(all) as Bounds;
    for (const volume of volumes) bounds = unionBounds(bounds, boundsOf(volume.image));
    if (request.view.centerAxesVisibility) actors.push(...centerAxes(request.view.camera.focalPoint, bounds));
    const camera: Camera = resetClippingRange(
      { ...request.view.camera, clippingRange: [0.01, 1000] },
      bounds,
    );
    const frame = await renderFrame({
      width: request.width,
      height: request.height,
      camera,
      background: request.view.background,
      actors,
      workers: options.workers,
      quality: request.interactive ? 'interactive' : 'still',
      // With volumes the axes are drawn after them, or a volume would cover them.
      orientationAxes: request.view.orientationAxesVisibility && volumes.length === 0,
      pickIds,
    });
    // Volumes after the opaque geometry, whose depth ends their rays (VTK's order).
    for (const volume of volumes)
      await renderVolume({
        image: volume.image,
        arrayName: volume.array,
        property: volume.property,
        viewMatrix: viewMatrix(camera),
        projectionMatrix: projectionMatrix(camera, frame.width / frame.height),
        target: frame,
        depth: frame.depth,
        quality: request.interactive ? 'interactive' : 'still',
        ...(options.workers !== undefined && { workers: options.workers }),
      });
    if (request.view.orientationAxesVisibility && volumes.length > 0) drawOrientationAxes(frame, camera);
    return { frame, camera, actors, owners, legends };
  };

  const render: SceneRenderer = async (request) => {
    const { frame, legends, camera } = await draw(request, false);
    for (const annotation of request.annotations ?? []) drawAnnotation(frame, camera, annotation);
    // One legend per coloured node that shows it, side by side from the right edge, as ParaView stacks them.
    legends.forEach(({ lookupTable, title }, index) => {
      drawScalarBar({ rgba: frame.rgba, width: frame.width, height: frame.height }, lookupTable, {
        title,
        ...(index > 0 && { position: [Math.max(0, 0.88 - 0.13 * index), 0.05] as [number, number] }),
      });
    });
    const image = await encodeFrame(frame.rgba, frame.width, frame.height, {
      format: request.format,
      quality: request.quality,
    });
    recycleFrame(frame);
    return { image, format: request.format, width: frame.width, height: frame.height };
  };
  render.pick = async (request) => {
    const { frame, camera, actors, owners } = await draw({ ...request, interactive: false }, true);
    const picked = pickPixel({
      frame,
      camera,
      x: request.x,
      y: request.y,
      geometries: actors.map((actor) => actor.geometry),
    });
    recycleFrame(frame);
    if (!picked) return undefined;
    const [x, y, z] = picked.worldPosition;
    return {
      node: owners[picked.actorIndex].node,
      cellId: picked.cellId,
      pointId: picked.pointId,
      worldPosition: [x, y, z],
    };
  };
  return render;
}
