/**
 * Translucent surfaces (ParaView's Opacity < 1) by depth peeling, as ParaView does by default
 * (vtkDualDepthPeelingPass's result; MaximumNumberOfPeels 4): each pass rasterises the
 * translucent triangles against the opaque depth buffer, keeping the nearest fragment behind the
 * previous pass's layer; layers are composited front to back ("under"), and what the layers let
 * through shows the opaque image. Translucent fragments do not write the frame's depth, as in
 * VTK; the nearest one becomes the pick target of its pixel.
 *
 * Runs on the calling thread; each pass costs one traversal of the translucent triangles.
 */
import type { RasterTarget } from './rasterize.js';
import { rasterizeTriangles } from './rasterize.js';
import type { PieceActor } from './rasterize.worker.js';

/** ParaView's default MaximumNumberOfPeels. */
export const MAXIMUM_NUMBER_OF_PEELS = 4;

export interface TranslucencyProps {
  width: number;
  height: number;
  /** The opaque frame, composited over in place. */
  rgba: Uint8Array;
  /** Window depth of the opaque frame (read only). */
  depth: Float32Array;
  /** The opaque frame's pick ids, given the nearest translucent fragment's (when the frame has them). */
  cellIds?: Int32Array;
  actorIds?: Uint8Array;
  /** Translucent actors, with their vertices already transformed for the frame's camera. */
  actors: readonly PieceActor[];
  /** Opacity by actor index (0–1). */
  opacities: ReadonlyMap<number, number>;
  maximumNumberOfPeels?: number;
}

/** Composites the translucent actors over the opaque frame; returns the number of peels used. */
export function compositeTranslucent(props: TranslucencyProps): number {
  const { width, height, rgba, depth, actors, opacities } = props;
  const pixels = width * height;
  const accumulated = new Float32Array(3 * pixels);
  const transmittance = new Float32Array(pixels).fill(1);
  // Nothing is in front of depth −1: the first pass finds the nearest layer.
  const peel = new Float32Array(pixels).fill(-1);
  const layer: Required<Pick<RasterTarget, 'color' | 'depth' | 'cellIds' | 'actorIds'>> = {
    color: new Uint8Array(4 * pixels),
    depth: new Float32Array(pixels),
    cellIds: new Int32Array(pixels),
    actorIds: new Uint8Array(pixels),
  };
  const maximum = props.maximumNumberOfPeels ?? MAXIMUM_NUMBER_OF_PEELS;
  let passes = 0;
  for (let pass = 0; pass < maximum; pass++) {
    layer.depth.set(depth);
    const target: RasterTarget = { width, height, ...layer, peelDepth: peel };
    for (const actor of actors) {
      target.actorIndex = actor.index;
      rasterizeTriangles(target, { ...actor, first: 0, count: actor.triangles.length / 3 }, actor.appearance);
    }
    let found = false;
    for (let i = 0; i < pixels; i++) {
      const z = layer.depth[i];
      if (!(z < depth[i])) {
        // No fragment left behind the previous layer here: later passes find none either.
        peel[i] = 2;
        continue;
      }
      found = true;
      const alpha = opacities.get(layer.actorIds[i]) ?? 1;
      const weight = transmittance[i] * alpha;
      accumulated[3 * i] += weight * layer.color[4 * i];
      accumulated[3 * i + 1] += weight * layer.color[4 * i + 1];
      accumulated[3 * i + 2] += weight * layer.color[4 * i + 2];
      transmittance[i] *= 1 - alpha;
      peel[i] = z;
      if (pass === 0 && props.cellIds && props.actorIds) {
        props.cellIds[i] = layer.cellIds[i];
        props.actorIds[i] = layer.actorIds[i];
      }
    }
    if (!found) break;
    passes++;
  }
  if (passes === 0) return 0;
  for (let i = 0; i < pixels; i++) {
    const t = transmittance[i];
    if (t === 1) continue;
    for (let k = 0; k < 3; k++) {
      const value = accumulated[3 * i + k] + t * rgba[4 * i + k] + 0.5;
      rgba[4 * i + k] = value > 255 ? 255 : value;
    }
  }
  return passes;
}
