/**
 * Backend of volume rendering: CPU ray casting of point scalars on a regular grid, one pixel
 * rectangle at a time, so the worker pool can run tiles in parallel. Everything it reads is
 * plain data (typed arrays on shared memory), so it runs the same in a worker or inline.
 *
 * Per pixel: a ray from the near to the far plane (through clip→world), clipped to the
 * volume's box and to the opaque depth already in the frame; samples at the midpoints of
 * `sampleDistance` steps (the last step shortened so the path length is exact), trilinear
 * interpolation, colour and opacity from tables, opacity corrected for the step length,
 * front-to-back compositing, early termination above 0.99 opacity, and blocks whose scalar
 * range is fully transparent skipped whole.
 */
import type { NumberArray } from '../../data/index.js';
import type { TaskContext } from '../../workers/protocol.js';
import { transformPoint } from '../camera/matrix.js';

export interface VolumeGrid {
  /** Points per axis (each at least 2). */
  dimensions: [number, number, number];
  /** Row-major 3×4 affine map from world coordinates to continuous point index (i, j, k). */
  worldToIndex: Float64Array;
  /** One scalar per point, i fastest, then j, then k. */
  scalars: NumberArray;
}

export interface MacroCellGrid {
  /** Cells per block edge. */
  blockSize: number;
  /** Blocks per axis. */
  counts: [number, number, number];
  /** 1 where every scalar the block's samples can see maps to zero opacity. */
  empty: Uint8Array;
}

export interface TransferTables {
  scalarMinimum: number;
  scalarMaximum: number;
  /** RGB in [0, 1] per entry; entries are evenly spaced from scalarMinimum to scalarMaximum. */
  colors: Float32Array;
  /** Opacity per `unitDistance` of path, per entry. */
  opacity: Float32Array;
  /** Opacity of one full step of `sampleDistance` (opacity corrected for the step length). */
  stepOpacity: Float32Array;
  /** World distance over which `opacity` applies (ParaView's ScalarOpacityUnitDistance). */
  unitDistance: number;
}

/** Phong lighting with a headlight (vtkVolumeProperty's ambient/diffuse/specular). */
export interface VolumeShading {
  ambient: number;
  diffuse: number;
  specular: number;
  specularPower: number;
}

export interface VolumeTileProps {
  grid: VolumeGrid;
  macroCells: MacroCellGrid;
  tables: TransferTables;
  /** Gradient shading; omit for none (ParaView's default). */
  shading?: VolumeShading;
  /** Column-major inverse of projection · view (clip → world). */
  clipToWorld: Float64Array;
  /** Size of the image the rays are cast for. */
  width: number;
  height: number;
  /** Pixel rectangles to render, flat [x, y, width, height, …]. */
  tiles: Int32Array;
  /** World distance between samples. */
  sampleDistance: number;
  /** Opaque depth (window depth in [0, 1], 1 = nothing) of `depthWidth`×`depthHeight` pixels. */
  depth?: Float32Array;
  depthWidth?: number;
  depthHeight?: number;
  /** RGBA8 of `width`×`height`, row 0 at the top. */
  rgba: Uint8Array | Uint8ClampedArray;
  /** `composite`: blend the volume over rgba's contents. `layer`: write premultiplied volume RGBA. */
  mode: 'composite' | 'layer';
}

/** Opacity above which a ray stops (the rest could change the pixel by less than 1%). */
const EARLY_TERMINATION = 0.99;

/**
 * Renders every tile of `props.tiles`; returns the number of samples taken.
 * `shouldStop` is polled between tiles (cancellation).
 */
export function renderVolumeTile(props: VolumeTileProps, shouldStop?: () => boolean): number {
  const [nx, ny, nz] = props.grid.dimensions;
  const nxy = nx * ny;
  const scalars = props.grid.scalars;
  const m = props.grid.worldToIndex;
  const { blockSize, counts, empty } = props.macroCells;
  const [bx, by, bz] = counts;
  const { colors, opacity, stepOpacity, unitDistance, scalarMinimum } = props.tables;
  const entries = opacity.length;
  const tableScale =
    props.tables.scalarMaximum > scalarMinimum
      ? (entries - 1) / (props.tables.scalarMaximum - scalarMinimum)
      : 0;
  const shading = props.shading;
  const { width, height, rgba, sampleDistance, depth, clipToWorld } = props;
  const depthWidth = props.depthWidth ?? width;
  const depthHeight = props.depthHeight ?? height;
  const composite = props.mode === 'composite';
  const near = [0, 0, 0];
  const hit = [0, 0, 0];
  let samples = 0;

  const sample = (x: number, y: number, z: number): number => {
    // Clamped so the far faces interpolate inside the last cell.
    const i = Math.max(0, Math.min(nx - 2, Math.floor(x)));
    const j = Math.max(0, Math.min(ny - 2, Math.floor(y)));
    const k = Math.max(0, Math.min(nz - 2, Math.floor(z)));
    const fx = x - i;
    const fy = y - j;
    const fz = z - k;
    const base = i + j * nx + k * nxy;
    const c00 = scalars[base] + fx * (scalars[base + 1] - scalars[base]);
    const c10 = scalars[base + nx] + fx * (scalars[base + nx + 1] - scalars[base + nx]);
    const c01 = scalars[base + nxy] + fx * (scalars[base + nxy + 1] - scalars[base + nxy]);
    const c11 = scalars[base + nxy + nx] + fx * (scalars[base + nxy + nx + 1] - scalars[base + nxy + nx]);
    const c0 = c00 + fy * (c10 - c00);
    const c1 = c01 + fy * (c11 - c01);
    return c0 + fz * (c1 - c0);
  };

  const c = clipToWorld;
  const upperX = nx - 1;
  const upperY = ny - 1;
  const upperZ = nz - 1;
  const inverseBlock = 1 / blockSize;
  const tiles = props.tiles;
  for (let tile = 0; tile + 3 < tiles.length; tile += 4) {
    if (shouldStop?.()) break;
    const x0 = tiles[tile];
    const y0 = tiles[tile + 1];
    const x1 = Math.min(width, x0 + tiles[tile + 2]);
    const y1 = Math.min(height, y0 + tiles[tile + 3]);
    for (let py = y0; py < y1; py++) {
      const ndcY = 1 - ((py + 0.5) / height) * 2;
      // Homogeneous near (z = -1) and far (z = +1) points are linear in ndcX along the row.
      const rowX = c[4] * ndcY + c[12];
      const rowY = c[5] * ndcY + c[13];
      const rowZ = c[6] * ndcY + c[14];
      const rowW = c[7] * ndcY + c[15];
      for (let px = x0; px < x1; px++) {
        const ndcX = ((px + 0.5) / width) * 2 - 1;
        const hx = c[0] * ndcX + rowX;
        const hy = c[1] * ndcX + rowY;
        const hz = c[2] * ndcX + rowZ;
        const hw = c[3] * ndcX + rowW;
        const nearW = hw - c[11];
        const farW = hw + c[11];
        near[0] = (hx - c[8]) / nearW;
        near[1] = (hy - c[9]) / nearW;
        near[2] = (hz - c[10]) / nearW;
        let dx = (hx + c[8]) / farW - near[0];
        let dy = (hy + c[9]) / farW - near[1];
        let dz = (hz + c[10]) / farW - near[2];
        const rayLength = Math.sqrt(dx * dx + dy * dy + dz * dz);
        dx /= rayLength;
        dy /= rayLength;
        dz /= rayLength;
        let tOut = rayLength;
        if (depth) {
          const column = Math.min(depthWidth - 1, Math.floor(((px + 0.5) * depthWidth) / width));
          const row = Math.min(depthHeight - 1, Math.floor(((py + 0.5) * depthHeight) / height));
          const d = depth[row * depthWidth + column];
          if (d < 1) {
            transformPoint(clipToWorld, ndcX, ndcY, 2 * d - 1, hit);
            tOut = Math.min(
              tOut,
              (hit[0] - near[0]) * dx + (hit[1] - near[1]) * dy + (hit[2] - near[2]) * dz,
            );
          }
        }
        // The ray in index space: p(t) = o + v·t, t in world units from the near plane.
        const ox = m[0] * near[0] + m[1] * near[1] + m[2] * near[2] + m[3];
        const oy = m[4] * near[0] + m[5] * near[1] + m[6] * near[2] + m[7];
        const oz = m[8] * near[0] + m[9] * near[1] + m[10] * near[2] + m[11];
        const vx = m[0] * dx + m[1] * dy + m[2] * dz;
        const vy = m[4] * dx + m[5] * dy + m[6] * dz;
        const vz = m[8] * dx + m[9] * dy + m[10] * dz;
        // Slab test against the box of points [0, n-1] on each axis.
        let tIn = 0;
        if (vx !== 0) {
          const ta = -ox / vx;
          const tb = (upperX - ox) / vx;
          tIn = Math.max(tIn, Math.min(ta, tb));
          tOut = Math.min(tOut, Math.max(ta, tb));
        } else if (ox < 0 || ox > upperX) continue;
        if (vy !== 0) {
          const ta = -oy / vy;
          const tb = (upperY - oy) / vy;
          tIn = Math.max(tIn, Math.min(ta, tb));
          tOut = Math.min(tOut, Math.max(ta, tb));
        } else if (oy < 0 || oy > upperY) continue;
        if (vz !== 0) {
          const ta = -oz / vz;
          const tb = (upperZ - oz) / vz;
          tIn = Math.max(tIn, Math.min(ta, tb));
          tOut = Math.min(tOut, Math.max(ta, tb));
        } else if (oz < 0 || oz > upperZ) continue;
        const length = tOut - tIn;
        if (!(length > 0)) continue;

        const steps = Math.ceil(length / sampleDistance);
        let red = 0;
        let green = 0;
        let blue = 0;
        let alpha = 0;
        let step = 0;
        // Block of the last sample found visible: only a new block needs the empty test.
        let visibleBlock = -1;
        while (step < steps) {
          const start = step * sampleDistance;
          const segment = step === steps - 1 ? length - start : sampleDistance;
          const t = tIn + start + segment * 0.5;
          const x = ox + vx * t;
          const y = oy + vy * t;
          const z = oz + vz * t;
          // Positions are inside the box (≥ 0 up to rounding), so truncation is floor.
          const cx = Math.min(bx - 1, (x * inverseBlock) | 0);
          const cy = Math.min(by - 1, (y * inverseBlock) | 0);
          const cz = Math.min(bz - 1, (z * inverseBlock) | 0);
          const block = (cz * by + cy) * bx + cx;
          if (block !== visibleBlock) {
            if (empty[block] === 1) {
              // Jump to the first step that starts at or after the ray leaves this block.
              let tExit = Number.POSITIVE_INFINITY;
              if (vx !== 0) tExit = Math.min(tExit, ((vx > 0 ? cx + 1 : cx) * blockSize - ox) / vx);
              if (vy !== 0) tExit = Math.min(tExit, ((vy > 0 ? cy + 1 : cy) * blockSize - oy) / vy);
              if (vz !== 0) tExit = Math.min(tExit, ((vz > 0 ? cz + 1 : cz) * blockSize - oz) / vz);
              step = Math.max(step + 1, Math.ceil((tExit - tIn) / sampleDistance - 1e-9));
              continue;
            }
            visibleBlock = block;
          }
          samples++;
          // Trilinear interpolation, inlined: this is the innermost loop of the renderer.
          const i = Math.max(0, Math.min(nx - 2, x | 0));
          const j = Math.max(0, Math.min(ny - 2, y | 0));
          const k = Math.max(0, Math.min(nz - 2, z | 0));
          const fx = x - i;
          const fy = y - j;
          const fz = z - k;
          const base = i + j * nx + k * nxy;
          const s000 = scalars[base];
          const s010 = scalars[base + nx];
          const s001 = scalars[base + nxy];
          const s011 = scalars[base + nxy + nx];
          const c00 = s000 + fx * (scalars[base + 1] - s000);
          const c10 = s010 + fx * (scalars[base + nx + 1] - s010);
          const c01 = s001 + fx * (scalars[base + nxy + 1] - s001);
          const c11 = s011 + fx * (scalars[base + nxy + nx + 1] - s011);
          const c0 = c00 + fy * (c10 - c00);
          const value = c0 + fz * (c01 + fy * (c11 - c01) - c0);
          step++;
          if (Number.isNaN(value)) continue; // NaN scalars are transparent
          let entry = (value - scalarMinimum) * tableScale + 0.5;
          entry = entry < 0 ? 0 : entry > entries - 1 ? entries - 1 : entry | 0;
          const sampleAlpha =
            segment === sampleDistance
              ? stepOpacity[entry]
              : 1 - (1 - opacity[entry]) ** (segment / unitDistance);
          if (sampleAlpha <= 0) continue;
          let r = colors[3 * entry];
          let g = colors[3 * entry + 1];
          let b = colors[3 * entry + 2];
          if (shading) {
            // Central differences one point apart, in index space, then to world space (Jᵀ·g).
            const gi = sample(x + 1, y, z) - sample(x - 1, y, z);
            const gj = sample(x, y + 1, z) - sample(x, y - 1, z);
            const gk = sample(x, y, z + 1) - sample(x, y, z - 1);
            const gx = m[0] * gi + m[4] * gj + m[8] * gk;
            const gy = m[1] * gi + m[5] * gj + m[9] * gk;
            const gz = m[2] * gi + m[6] * gj + m[10] * gk;
            const magnitude = Math.sqrt(gx * gx + gy * gy + gz * gz);
            if (magnitude > 1e-12) {
              // Headlight: light and view both along -ray; two-sided like VTK's volume shading.
              const cosine = Math.abs((gx * dx + gy * dy + gz * dz) / magnitude);
              const lit = shading.ambient + shading.diffuse * cosine;
              const highlight = shading.specular * cosine ** shading.specularPower;
              r = Math.min(1, r * lit + highlight);
              g = Math.min(1, g * lit + highlight);
              b = Math.min(1, b * lit + highlight);
            }
          }
          const weight = (1 - alpha) * sampleAlpha;
          red += weight * r;
          green += weight * g;
          blue += weight * b;
          alpha += weight;
          if (alpha > EARLY_TERMINATION) break;
        }
        if (alpha <= 0) continue;
        const offset = (py * width + px) * 4;
        if (composite) {
          const keep = 1 - alpha;
          rgba[offset] = red * 255 + keep * rgba[offset] + 0.5;
          rgba[offset + 1] = green * 255 + keep * rgba[offset + 1] + 0.5;
          rgba[offset + 2] = blue * 255 + keep * rgba[offset + 2] + 0.5;
          rgba[offset + 3] = alpha * 255 + keep * rgba[offset + 3] + 0.5;
        } else {
          rgba[offset] = red * 255 + 0.5;
          rgba[offset + 1] = green * 255 + 0.5;
          rgba[offset + 2] = blue * 255 + 0.5;
          rgba[offset + 3] = alpha * 255 + 0.5;
        }
      }
    }
  }
  return samples;
}

/** Worker-pool task: renders the tiles of `input`, stopping early when cancelled. */
export function renderVolumeTiles(input: VolumeTileProps, context: TaskContext): number {
  return renderVolumeTile(input, () => context.cancelled);
}
