/**
 * The triangle, line and point rasterizer: clip-space vertices in, colour and depth out, for a
 * range of primitives. Depth test (window depth in [0, 1], smaller is nearer), near-plane
 * clipping, perspective-correct interpolation of normals and colour-map coordinates, and
 * diffuse two-sided lighting (diffuse 1, ambient 0) by the given lights: ParaView's light kit or
 * VTK's headlight. Pure functions over typed arrays, run on the main thread or in workers alike.
 */
import { diffuseLight, headlight, type PackedLights, specularLight } from './lights.js';

export interface RasterTarget {
  width: number;
  height: number;
  /** RGBA8, row 0 at the top. */
  color: Uint8Array;
  /** Window depth per pixel; 1 = empty. */
  depth: Float32Array;
  /** Source cell + 1 of the front-most primitive per pixel (0 = background), for picking. */
  cellIds?: Int32Array;
  /** Index of the actor that drew each pixel, with `actorIndex` (for picking across actors). */
  actorIds?: Uint8Array;
  actorIndex?: number;
  /**
   * Depth peeling: triangle fragments at or in front of this window depth are discarded, so a
   * pass finds the next layer behind the previous one (see translucent.ts).
   */
  peelDepth?: Float32Array;
}

/** How one batch of primitives is coloured and lit. */
export interface Appearance {
  /** Base colour 0–1 (ParaView's DiffuseColor), used without colour mapping. */
  diffuseColor: [number, number, number];
  /** Colour of lines and points drawn as edges or wireframe (0–1). */
  lineColor: [number, number, number];
  /** Colour-map texture (RGBA8, `textureSize` + 1 texels, the last for NaN) for point scalars. */
  texture?: Uint8Array;
  textureSize?: number;
  /** Colour-map coordinate per vertex (NaN for NaN values), when colouring by point scalars. */
  vertexCoordinates?: Float32Array;
  /** RGBA8 per cell, when colouring by cell scalars. */
  cellColors?: Uint8Array;
  /** Ignore normals and light each triangle flat. */
  flat?: boolean;
  /** Push lines and points towards the camera so edges win over the surface they lie on. */
  lineDepthOffset?: number;
  /** Packed view-space lights (see lights.ts); default VTK's headlight. */
  lights?: PackedLights;
  /**
   * Colour lines and points by the colour map (Wireframe, Points, Feature Edges, line cells)
   * rather than in `lineColor` (the edges of Surface With Edges).
   */
  mapLineScalars?: boolean;
  /** ParaView's Ambient (default 0): adds ambientColor (the mapped colour when colouring). */
  ambient?: number;
  ambientColor?: [number, number, number];
  /** ParaView's Diffuse (default 1). */
  diffuse?: number;
  /** ParaView's Specular (default 0) and SpecularPower (default 100), Phong per pixel. */
  specular?: number;
  specularPower?: number;
  specularColor?: [number, number, number];
  /** The view looks along −z everywhere (parallel projection): the specular view vector is +z. */
  parallelProjection?: boolean;
}

export interface TriangleBatch {
  /** Clip-space x, y, z, w per vertex. */
  clip: Float32Array;
  /** View-space normal per vertex (any length), or undefined for flat shading. */
  viewNormals: Float32Array | undefined;
  /** View-space position per vertex (for flat normals). */
  viewPositions: Float32Array;
  triangles: Uint32Array;
  triangleCells: Uint32Array;
  first: number;
  count: number;
}

const HEADLIGHT = headlight();
/** Light reaching the current pixel or face (RGB). */
const light = new Float64Array(3);
/** Specular light at the current pixel (RGB). */
const shine = new Float64Array(3);
/** View-space normal of the current face (flat shading with specular). */
const faceNormal = new Float64Array(3);

// Scratch for one (possibly clipped) triangle: 6 vertices × [x, y, z, w, nx, ny, nz, s, vx, vy, vz]
// (v: view-space position, loaded only for specular lighting).
const STRIDE = 11;
const scratch = new Float64Array(6 * STRIDE);
const clipped = new Float64Array(6 * STRIDE);

function loadVertex(
  out: Float64Array,
  slot: number,
  batch: TriangleBatch,
  appearance: Appearance,
  v: number,
) {
  const o = slot * STRIDE;
  const c = batch.clip;
  out[o] = c[4 * v];
  out[o + 1] = c[4 * v + 1];
  out[o + 2] = c[4 * v + 2];
  out[o + 3] = c[4 * v + 3];
  const n = batch.viewNormals;
  if (n) {
    out[o + 4] = n[3 * v];
    out[o + 5] = n[3 * v + 1];
    out[o + 6] = n[3 * v + 2];
  }
  out[o + 7] = appearance.vertexCoordinates ? appearance.vertexCoordinates[v] : 0;
  if (appearance.specular) {
    const p = batch.viewPositions;
    out[o + 8] = p[3 * v];
    out[o + 9] = p[3 * v + 1];
    out[o + 10] = p[3 * v + 2];
  }
}

/** Draws triangles [first, first + count) of `batch` into `target`. */
export function rasterizeTriangles(target: RasterTarget, batch: TriangleBatch, appearance: Appearance): void {
  const { triangles, viewPositions: vp } = batch;
  const end = batch.first + batch.count;
  const flat = appearance.flat || !batch.viewNormals;
  const cellColors = appearance.cellColors;
  const lights = appearance.lights ?? HEADLIGHT;
  for (let t = batch.first; t < end; t++) {
    const a = triangles[3 * t];
    const b = triangles[3 * t + 1];
    const c = triangles[3 * t + 2];
    loadVertex(scratch, 0, batch, appearance, a);
    loadVertex(scratch, 1, batch, appearance, b);
    loadVertex(scratch, 2, batch, appearance, c);
    let r = appearance.diffuseColor[0];
    let g = appearance.diffuseColor[1];
    let bl = appearance.diffuseColor[2];
    const cell = batch.triangleCells[t];
    if (cellColors) {
      r = cellColors[4 * cell] / 255;
      g = cellColors[4 * cell + 1] / 255;
      bl = cellColors[4 * cell + 2] / 255;
    }
    let flatR = -1;
    let flatG = 0;
    let flatB = 0;
    if (flat) {
      const ux = vp[3 * b] - vp[3 * a];
      const uy = vp[3 * b + 1] - vp[3 * a + 1];
      const uz = vp[3 * b + 2] - vp[3 * a + 2];
      const wx = vp[3 * c] - vp[3 * a];
      const wy = vp[3 * c + 1] - vp[3 * a + 1];
      const wz = vp[3 * c + 2] - vp[3 * a + 2];
      faceNormal[0] = uy * wz - uz * wy;
      faceNormal[1] = uz * wx - ux * wz;
      faceNormal[2] = ux * wy - uy * wx;
      diffuseLight(lights, faceNormal[0], faceNormal[1], faceNormal[2], light);
      flatR = light[0];
      flatG = light[1];
      flatB = light[2];
    }
    const w0 = scratch[3];
    const w1 = scratch[STRIDE + 3];
    const w2 = scratch[2 * STRIDE + 3];
    const inside0 = scratch[2] >= -w0;
    const inside1 = scratch[STRIDE + 2] >= -w1;
    const inside2 = scratch[2 * STRIDE + 2] >= -w2;
    if (inside0 && inside1 && inside2) {
      drawTriangle(target, scratch, 0, 1, 2, r, g, bl, flatR, flatG, flatB, lights, appearance, cell);
      continue;
    }
    if (!inside0 && !inside1 && !inside2) continue;
    const n = clipNear(scratch, 3, clipped);
    for (let k = 1; k + 1 < n; k++)
      drawTriangle(target, clipped, 0, k, k + 1, r, g, bl, flatR, flatG, flatB, lights, appearance, cell);
  }
}

/** Sutherland–Hodgman against the near plane z = -w; returns the vertex count written to `out`. */
function clipNear(input: Float64Array, count: number, out: Float64Array): number {
  let written = 0;
  for (let i = 0; i < count; i++) {
    const p = i * STRIDE;
    const q = ((i + 1) % count) * STRIDE;
    const dp = input[p + 2] + input[p + 3];
    const dq = input[q + 2] + input[q + 3];
    if (dp >= 0) {
      for (let k = 0; k < STRIDE; k++) out[written * STRIDE + k] = input[p + k];
      written++;
    }
    if (dp >= 0 !== dq >= 0) {
      const t = dp / (dp - dq);
      for (let k = 0; k < STRIDE; k++)
        out[written * STRIDE + k] = input[p + k] + t * (input[q + k] - input[p + k]);
      written++;
    }
  }
  return written;
}

function drawTriangle(
  target: RasterTarget,
  v: Float64Array,
  i0: number,
  i1: number,
  i2: number,
  r: number,
  g: number,
  b: number,
  flatR: number,
  flatG: number,
  flatB: number,
  lights: PackedLights,
  appearance: Appearance,
  cell: number,
): void {
  const { width, height, color, depth, cellIds, actorIds, peelDepth } = target;
  const actorIndex = target.actorIndex ?? 0;
  const o0 = i0 * STRIDE;
  const o1 = i1 * STRIDE;
  const o2 = i2 * STRIDE;
  const q0 = 1 / v[o0 + 3];
  const q1 = 1 / v[o1 + 3];
  const q2 = 1 / v[o2 + 3];
  const x0 = (v[o0] * q0 * 0.5 + 0.5) * width;
  const y0 = (0.5 - v[o0 + 1] * q0 * 0.5) * height;
  const x1 = (v[o1] * q1 * 0.5 + 0.5) * width;
  const y1 = (0.5 - v[o1 + 1] * q1 * 0.5) * height;
  const x2 = (v[o2] * q2 * 0.5 + 0.5) * width;
  const y2 = (0.5 - v[o2 + 1] * q2 * 0.5) * height;
  const area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0);
  if (!(Math.abs(area) > 1e-12)) return;
  // Pixels whose centres (x + 0.5) fall in the bounding box: most of a million-triangle mesh
  // covers none, and leaves here before any interpolation set-up.
  let minX = Math.ceil(Math.min(x0, x1, x2) - 0.5);
  let maxX = Math.floor(Math.max(x0, x1, x2) - 0.5) + 1;
  let minY = Math.ceil(Math.min(y0, y1, y2) - 0.5);
  let maxY = Math.floor(Math.max(y0, y1, y2) - 0.5) + 1;
  if (minX < 0) minX = 0;
  if (minY < 0) minY = 0;
  if (maxX > width) maxX = width;
  if (maxY > height) maxY = height;
  if (minX >= maxX || minY >= maxY) return;
  const z0 = v[o0 + 2] * q0 * 0.5 + 0.5;
  const z1 = v[o1 + 2] * q1 * 0.5 + 0.5;
  const z2 = v[o2 + 2] * q2 * 0.5 + 0.5;
  const inverseArea = 1 / area;
  // Edge function increments per pixel step (edge k is opposite vertex k).
  const e0x = (y1 - y2) * inverseArea;
  const e0y = (x2 - x1) * inverseArea;
  const e1x = (y2 - y0) * inverseArea;
  const e1y = (x0 - x2) * inverseArea;
  const e2x = (y0 - y1) * inverseArea;
  const e2y = (x1 - x0) * inverseArea;
  const px0 = minX + 0.5;
  const py0 = minY + 0.5;
  let row0 = ((x1 - px0) * (y2 - py0) - (y1 - py0) * (x2 - px0)) * inverseArea;
  let row1 = ((x2 - px0) * (y0 - py0) - (y2 - py0) * (x0 - px0)) * inverseArea;
  let row2 = ((x0 - px0) * (y1 - py0) - (y0 - py0) * (x1 - px0)) * inverseArea;
  const texture = appearance.texture;
  const textureSize = appearance.textureSize ?? 0;
  const useTexture =
    texture !== undefined && appearance.vertexCoordinates !== undefined && !appearance.cellColors;
  const smooth = flatR < 0;
  // Attributes divided by w once per triangle, in locals: the pixel loop writes typed arrays,
  // so the compiler cannot keep reloads of `v` out of it by itself.
  const a0x = v[o0 + 4] * q0;
  const a0y = v[o0 + 5] * q0;
  const a0z = v[o0 + 6] * q0;
  const a1x = v[o1 + 4] * q1;
  const a1y = v[o1 + 5] * q1;
  const a1z = v[o1 + 6] * q1;
  const a2x = v[o2 + 4] * q2;
  const a2y = v[o2 + 5] * q2;
  const a2z = v[o2 + 6] * q2;
  const s0 = v[o0 + 7] * q0;
  const s1 = v[o1 + 7] * q1;
  const s2 = v[o2 + 7] * q2;
  // Material: colour = Ambient·ambient colour + Diffuse·light·colour + Specular·shine·specular colour.
  const ambient = appearance.ambient ?? 0;
  const diffuse = appearance.diffuse ?? 1;
  const specular = appearance.specular ?? 0;
  const specularPower = appearance.specularPower ?? 100;
  // Read without destructuring: this runs once per triangle, and array patterns allocate.
  const specularColor = appearance.specularColor;
  const sr = specularColor ? specularColor[0] : 1;
  const sg = specularColor ? specularColor[1] : 1;
  const sb = specularColor ? specularColor[2] : 1;
  const ambientColor = appearance.ambientColor ?? appearance.diffuseColor;
  const parallel = appearance.parallelProjection === true;
  const p0x = v[o0 + 8] * q0;
  const p0y = v[o0 + 9] * q0;
  const p0z = v[o0 + 10] * q0;
  const p1x = v[o1 + 8] * q1;
  const p1y = v[o1 + 9] * q1;
  const p1z = v[o1 + 10] * q1;
  const p2x = v[o2 + 8] * q2;
  const p2y = v[o2 + 9] * q2;
  const p2z = v[o2 + 10] * q2;
  const columns = maxX - minX;
  for (let y = minY; y < maxY; y++) {
    // The row's span inside all three edges, widened by a pixel each way: the per-pixel test
    // below stays the judge, this only skips the bounding box's empty ends.
    let start = 0;
    let stop = columns;
    if (e0x > 0) start = Math.max(start, Math.ceil(-row0 / e0x) - 1);
    else if (e0x < 0) stop = Math.min(stop, Math.floor(row0 / -e0x) + 2);
    else if (row0 < 0) stop = 0;
    if (e1x > 0) start = Math.max(start, Math.ceil(-row1 / e1x) - 1);
    else if (e1x < 0) stop = Math.min(stop, Math.floor(row1 / -e1x) + 2);
    else if (row1 < 0) stop = 0;
    if (e2x > 0) start = Math.max(start, Math.ceil(-row2 / e2x) - 1);
    else if (e2x < 0) stop = Math.min(stop, Math.floor(row2 / -e2x) + 2);
    else if (row2 < 0) stop = 0;
    let l0 = row0 + e0x * start;
    let l1 = row1 + e1x * start;
    let l2 = row2 + e2x * start;
    let index = y * width + minX + start;
    const end = minX + stop;
    for (let x = minX + start; x < end; x++, index++, l0 += e0x, l1 += e1x, l2 += e2x) {
      if (l0 < 0 || l1 < 0 || l2 < 0) continue;
      const z = l0 * z0 + l1 * z1 + l2 * z2;
      if (z >= depth[index] || z < 0 || z > 1) continue;
      // Compared in float32, the precision the previous layer's depth was stored in.
      if (peelDepth !== undefined && Math.fround(z) <= peelDepth[index]) continue;
      depth[index] = z;
      let lr = flatR;
      let lg = flatG;
      let lb = flatB;
      if (smooth) {
        // Lighting needs only the normal's direction, so the perspective-correct normal needs no
        // 1/Σ(l/w) factor.
        diffuseLight(
          lights,
          l0 * a0x + l1 * a1x + l2 * a2x,
          l0 * a0y + l1 * a1y + l2 * a2y,
          l0 * a0z + l1 * a1z + l2 * a2z,
          light,
        );
        lr = light[0];
        lg = light[1];
        lb = light[2];
      }
      let cr = r;
      let cg = g;
      let cb = b;
      if (useTexture) {
        const s = (l0 * s0 + l1 * s1 + l2 * s2) / (l0 * q0 + l1 * q1 + l2 * q2);
        const texel = Number.isNaN(s)
          ? textureSize
          : s <= 0
            ? 0
            : s >= 1
              ? textureSize - 1
              : Math.floor(s * textureSize);
        cr = texture[4 * texel] / 255;
        cg = texture[4 * texel + 1] / 255;
        cb = texture[4 * texel + 2] / 255;
      }
      const out = 4 * index;
      let red = cr * lr * 255 + 0.5;
      let green = cg * lg * 255 + 0.5;
      let blue = cb * lb * 255 + 0.5;
      if (ambient !== 0 || diffuse !== 1 || specular !== 0) {
        // The mapped colour stands for the ambient colour too, as VTK's default material mode.
        const mapped = useTexture || appearance.cellColors !== undefined;
        red = (ambient * (mapped ? cr : ambientColor[0]) + diffuse * cr * lr) * 255 + 0.5;
        green = (ambient * (mapped ? cg : ambientColor[1]) + diffuse * cg * lg) * 255 + 0.5;
        blue = (ambient * (mapped ? cb : ambientColor[2]) + diffuse * cb * lb) * 255 + 0.5;
        if (specular !== 0) {
          let vx = 0;
          let vy = 0;
          let vz = 1;
          if (!parallel) {
            const inverse = 1 / (l0 * q0 + l1 * q1 + l2 * q2);
            vx = -(l0 * p0x + l1 * p1x + l2 * p2x) * inverse;
            vy = -(l0 * p0y + l1 * p1y + l2 * p2y) * inverse;
            vz = -(l0 * p0z + l1 * p1z + l2 * p2z) * inverse;
            const length = Math.sqrt(vx * vx + vy * vy + vz * vz);
            vx /= length;
            vy /= length;
            vz /= length;
          }
          if (smooth) {
            specularLight(
              lights,
              l0 * a0x + l1 * a1x + l2 * a2x,
              l0 * a0y + l1 * a1y + l2 * a2y,
              l0 * a0z + l1 * a1z + l2 * a2z,
              vx,
              vy,
              vz,
              specularPower,
              shine,
            );
          } else {
            specularLight(
              lights,
              faceNormal[0],
              faceNormal[1],
              faceNormal[2],
              vx,
              vy,
              vz,
              specularPower,
              shine,
            );
          }
          red += specular * sr * shine[0] * 255;
          green += specular * sg * shine[1] * 255;
          blue += specular * sb * shine[2] * 255;
        }
      }
      color[out] = red > 255 ? 255 : red;
      color[out + 1] = green > 255 ? 255 : green;
      color[out + 2] = blue > 255 ? 255 : blue;
      color[out + 3] = 255;
      if (cellIds) cellIds[index] = cell + 1;
      if (actorIds) actorIds[index] = actorIndex;
    }
    row0 += e0y;
    row1 += e1y;
    row2 += e2y;
  }
}

export interface LineBatch {
  clip: Float32Array;
  segments: Uint32Array;
  segmentCells: Uint32Array;
  first: number;
  count: number;
  /** Line width in pixels. */
  lineWidth: number;
}

/**
 * Draws segments, unlit, with a small depth offset towards the camera: in `appearance.lineColor`,
 * or coloured by the colour map (perspective-correct along the segment) or by cell colours when
 * `mapLineScalars` is set.
 */
export function rasterizeLines(target: RasterTarget, batch: LineBatch, appearance: Appearance): void {
  const { width, height, color, depth, cellIds, actorIds } = target;
  const actorIndex = target.actorIndex ?? 0;
  const c = batch.clip;
  const offset = appearance.lineDepthOffset ?? 0;
  let [r, g, b] = appearance.lineColor;
  const texture = appearance.mapLineScalars && !appearance.cellColors ? appearance.texture : undefined;
  const coordinates = appearance.vertexCoordinates;
  const textureSize = appearance.textureSize ?? 0;
  const cellColors = appearance.mapLineScalars ? appearance.cellColors : undefined;
  // A square brush of lineWidth pixels (even widths reach one pixel further right and down).
  const widthPixels = Math.max(1, Math.round(batch.lineWidth));
  const before = Math.floor((widthPixels - 1) / 2);
  const afterward = widthPixels - 1 - before;
  for (let s = batch.first; s < batch.first + batch.count; s++) {
    const a = batch.segments[2 * s];
    const e = batch.segments[2 * s + 1];
    let ax = c[4 * a];
    let ay = c[4 * a + 1];
    let az = c[4 * a + 2];
    let aw = c[4 * a + 3];
    let bx = c[4 * e];
    let by = c[4 * e + 1];
    let bz = c[4 * e + 2];
    let bw = c[4 * e + 3];
    const da = az + aw;
    const db = bz + bw;
    if (da < 0 && db < 0) continue;
    let ca = texture && coordinates ? coordinates[a] : 0;
    let cb = texture && coordinates ? coordinates[e] : 0;
    if (cellColors) {
      const cell = batch.segmentCells[s];
      r = cellColors[4 * cell] / 255;
      g = cellColors[4 * cell + 1] / 255;
      b = cellColors[4 * cell + 2] / 255;
    }
    if (da < 0 || db < 0) {
      const t = da / (da - db);
      const clippedCoordinate = ca + t * (cb - ca);
      if (da < 0) ca = clippedCoordinate;
      else cb = clippedCoordinate;
      const nx = ax + t * (bx - ax);
      const ny = ay + t * (by - ay);
      const nz = az + t * (bz - az);
      const nw = aw + t * (bw - aw);
      if (da < 0) [ax, ay, az, aw] = [nx, ny, nz, nw];
      else [bx, by, bz, bw] = [nx, ny, nz, nw];
    }
    const sx0 = (ax / aw) * 0.5 * width + 0.5 * width;
    const sy0 = (0.5 - (ay / aw) * 0.5) * height;
    const sz0 = (az / aw) * 0.5 + 0.5 - offset;
    const sx1 = (bx / bw) * 0.5 * width + 0.5 * width;
    const sy1 = (0.5 - (by / bw) * 0.5) * height;
    const sz1 = (bz / bw) * 0.5 + 0.5 - offset;
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(sx1 - sx0), Math.abs(sy1 - sy0))));
    if (steps > 4 * (width + height)) continue;
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      const cx = Math.floor(sx0 + t * (sx1 - sx0));
      const cy = Math.floor(sy0 + t * (sy1 - sy0));
      const z = sz0 + t * (sz1 - sz0);
      if (texture) {
        // Perspective-correct: interpolate coordinate/w and 1/w in screen space.
        const qa = (1 - t) / aw;
        const qb = t / bw;
        const st = (ca * qa + cb * qb) / (qa + qb);
        const texel = Number.isNaN(st)
          ? textureSize
          : Math.min(textureSize - 1, Math.max(0, Math.floor(st * textureSize)));
        r = texture[4 * texel] / 255;
        g = texture[4 * texel + 1] / 255;
        b = texture[4 * texel + 2] / 255;
      }
      for (let oy = -before; oy <= afterward; oy++)
        for (let ox = -before; ox <= afterward; ox++) {
          const x = cx + ox;
          const y = cy + oy;
          if (x < 0 || y < 0 || x >= width || y >= height) continue;
          const index = y * width + x;
          if (z >= depth[index] || z < -1) continue;
          depth[index] = Math.max(0, z);
          color[4 * index] = r * 255 + 0.5;
          color[4 * index + 1] = g * 255 + 0.5;
          color[4 * index + 2] = b * 255 + 0.5;
          color[4 * index + 3] = 255;
          if (cellIds) cellIds[index] = batch.segmentCells[s] + 1;
          if (actorIds) actorIds[index] = actorIndex;
        }
    }
  }
}
