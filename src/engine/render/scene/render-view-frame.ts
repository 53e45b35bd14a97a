/**
 * A RenderView to a finished frame on the CPU: the geometry rasterised, then every Volume item
 * ray cast into it against its opaque depth (VTK's order: volumes after the opaque pass, so
 * surfaces in front end their rays), then the orientation axes, an overlay above everything as
 * ParaView's is.
 */
import { multiplyMatrices, projectionMatrix, viewMatrix } from '../camera/camera.js';
import { drawOrientationAxes } from '../cpu/orientation-axes.js';
import { type Frame, renderFrame } from '../cpu/render-frame.js';
import { renderVolume } from '../volume/render-volume.js';
import { type BuildFrameProps, buildFrame } from './build-frame.js';

export async function renderView(props: BuildFrameProps): Promise<Frame> {
  const { frame: frameProps, volumes } = buildFrame(props);
  // Drawn by the rasterizer they would end up under the volumes.
  const axesAfter = volumes.length > 0 && frameProps.orientationAxes === true;
  const frame = await renderFrame(axesAfter ? { ...frameProps, orientationAxes: false } : frameProps);
  const { camera } = frameProps;
  const view = viewMatrix(camera);
  const projection = projectionMatrix(camera, frame.width / frame.height);
  for (const volume of volumes)
    await renderVolume({
      image: volume.image,
      arrayName: volume.arrayName,
      component: volume.component,
      property: volume.property,
      // The ray caster works in the image's own frame: a moved volume is the same volume seen
      // through view · model.
      viewMatrix: volume.modelMatrix ? multiplyMatrices(view, volume.modelMatrix) : view,
      projectionMatrix: projection,
      target: frame,
      depth: frame.depth,
      quality: props.quality ?? 'still',
      ...(props.workers !== undefined && { workers: props.workers }),
    });
  if (axesAfter) drawOrientationAxes(frame, camera);
  return frame;
}
