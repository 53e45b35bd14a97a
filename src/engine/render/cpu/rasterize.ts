/**
 * The triangle, line and point rasterizer: clip-space vertices in, colour and depth out, for a
 * range of primitives. Depth test (window depth in [0, 1], smaller is nearer), near-plane
 * clipping, perspective-correct interpolation of normals and colour-map coordinates, and
 * two-sided lighting by the given lights (ParaView's light kit or VTK's headlight) with VTK's
 * material terms. Optionally restricted to a region (a tile) and to a list of primitives (its
 * bin). Pure functions over typed arrays, run on the main thread or in workers alike.
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
  /** Draw only inside this rectangle (a tile); default the whole target. */
  region?: PixelRegion;
}

/** Pixels [left, right) × [top, bottom), rows counted from the top. */
export interface PixelRegion {
  left: number;
  top: number;
  right: number;
  bottom: number;
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
  /**
   * Triangles to draw, in order (a tile's bin); `first` and `count` then index this list.
   * Absent: triangles [first, first + count).
   */
  order?: Uint32Array;
  first: number;
  count: number;
  /**
   * Triangles that may be skipped when facing away (scene/closed-surface.ts): per triangle +1
   * (skip when clockwise on screen), −1 (skip when counter-clockwise) or 0 (always draw). Only
   * valid while every vertex lies in front of the near plane; absent: draw every triangle.
   */
  cullSides?: Int8Array;
  /** −1 when the model matrix mirrors (turns windings over); default 1. */
  cullSign?: number;
}

const HEADLIGHT = headlight();
/** Light reaching the current face (RGB, flat shading). */
const light = new Float64Array(3);
/** Specular light at the current pixel (RGB). */
const shine = new Float64Array(3);
/** View-space normal of the current face (flat shading). */
const faceNormal = new Float64Array(3);

// Scratch for one (possibly clipped) triangle: 6 vertices × [x, y, z, w, nx, ny, nz, s, vx, vy, vz]
// (v: view-space position, loaded only for specular lighting).
const STRIDE = 11;
const scratch = new Float64Array(6 * STRIDE);
const clipped = new Float64Array(6 * STRIDE);

/** 32-bit RGBA words are stored little-endian on every platform Node runs on; checked anyway. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Stores 0–255 channels (any real ≥ 0, clamped at 255, truncated) as one opaque RGBA word. It
 * stores rather than returns the word: a word with alpha set is no small integer, and returning
 * one from a call that is not inlined allocates a heap number per pixel.
 */
function storeColor(words: Uint32Array, index: number, red: number, green: number, blue: number): void {
  const r = red > 255 ? 255 : red | 0;
  const g = green > 255 ? 255 : green | 0;
  const b = blue > 255 ? 255 : blue | 0;
  words[index] = LITTLE_ENDIAN
    ? 0xff000000 | (b << 16) | (g << 8) | r
    : (r << 24) | (g << 16) | (b << 8) | 0xff;
}

/** Packed length of five lights, the most the pixel loop evaluates without a loop. */
const FEW_LIGHTS = 30;

/** The flat colour word of the current triangle. */
const flatWord = new Uint32Array(1);

/** What every pixel of a batch shares, read from the appearance once per batch. */
interface Shading {
  lights: PackedLights;
  /** Colour-map texture when colouring by point scalars (else undefined). */
  texture: Uint8Array | undefined;
  textureSize: number;
  /** The pixel's colour comes from a colour map or cell colours (it stands for the ambient colour too). */
  mapped: boolean;
  /** Any of Ambient ≠ 0, Diffuse ≠ 1, Specular ≠ 0: the general material equation. */
  material: boolean;
  ambient: number;
  diffuse: number;
  specular: number;
  specularPower: number;
  specularColor: [number, number, number];
  ambientColor: [number, number, number];
  parallel: boolean;
  /** `lights` padded with dark lights of zero direction to FEW_LIGHTS values (when they fit). */
  fewLights: Float64Array;
  /** 4-byte view of the target's colour buffer. */
  words: Uint32Array;
}

function shadingOf(target: RasterTarget, appearance: Appearance): Shading {
  const ambient = appearance.ambient ?? 0;
  const diffuse = appearance.diffuse ?? 1;
  const specular = appearance.specular ?? 0;
  const useTexture =
    appearance.texture !== undefined && appearance.vertexCoordinates !== undefined && !appearance.cellColors;
  const color = target.color;
  const lights = appearance.lights ?? HEADLIGHT;
  const fewLights = new Float64Array(FEW_LIGHTS);
  if (lights.length <= FEW_LIGHTS) fewLights.set(lights);
  return {
    lights,
    fewLights,
    texture: useTexture ? appearance.texture : undefined,
    textureSize: appearance.textureSize ?? 0,
    mapped: useTexture || appearance.cellColors !== undefined,
    material: ambient !== 0 || diffuse !== 1 || specular !== 0,
    ambient,
    diffuse,
    specular,
    specularPower: appearance.specularPower ?? 100,
    specularColor: appearance.specularColor ?? [1, 1, 1],
    ambientColor: appearance.ambientColor ?? appearance.diffuseColor,
    parallel: appearance.parallelProjection === true,
    words: new Uint32Array(color.buffer, color.byteOffset, color.length >> 2),
  };
}

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

/**
 * Draws the batch's triangles into `target` (within `target.region` when set). A pixel's value
 * depends only on the triangle and the pixel, never on the region, so tiles drawn separately
 * give the same pixels as the whole frame drawn at once.
 */
export function rasterizeTriangles(target: RasterTarget, batch: TriangleBatch, appearance: Appearance): void {
  const { triangles, viewPositions: vp, order } = batch;
  const end = batch.first + batch.count;
  const flat = appearance.flat || !batch.viewNormals;
  const cellColors = appearance.cellColors;
  const shading = shadingOf(target, appearance);
  const lights = shading.lights;
  triangleColor[0] = appearance.diffuseColor[0];
  triangleColor[1] = appearance.diffuseColor[1];
  triangleColor[2] = appearance.diffuseColor[2];
  triangleColor[3] = -1;
  const sides = batch.cullSides;
  const sign = batch.cullSign ?? 1;
  const clip = batch.clip;
  const { width, height, depth, cellIds, actorIds, peelDepth, region } = target;
  const words = shading.words;
  const actorIndex = target.actorIndex ?? 0;
  const texture = shading.texture;
  const textureSize = shading.textureSize;
  const lightCount = lights.length;
  // Up to five lights (the light kit) unrolled into locals; more go through the loop.
  const few = shading.fewLights;
  const l0x = few[0];
  const l0y = few[1];
  const l0z = few[2];
  const l0r = few[3];
  const l0g = few[4];
  const l0b = few[5];
  const l1x = few[6];
  const l1y = few[7];
  const l1z = few[8];
  const l1r = few[9];
  const l1g = few[10];
  const l1b = few[11];
  const l2x = few[12];
  const l2y = few[13];
  const l2z = few[14];
  const l2r = few[15];
  const l2g = few[16];
  const l2b = few[17];
  const l3x = few[18];
  const l3y = few[19];
  const l3z = few[20];
  const l3r = few[21];
  const l3g = few[22];
  const l3b = few[23];
  const l4x = few[24];
  const l4y = few[25];
  const l4z = few[26];
  const l4r = few[27];
  const l4g = few[28];
  const l4b = few[29];
  const material = shading.material;
  const mapped = shading.mapped;
  const ambient = shading.ambient;
  const diffuse = shading.diffuse;
  const specular = shading.specular;
  const specularPower = shading.specularPower;
  const specularColor = shading.specularColor;
  const ambientColor = shading.ambientColor;
  const parallel = shading.parallel;
  for (let k = batch.first; k < end; k++) {
    const t = order ? order[k] : k;
    const a = triangles[3 * t];
    const b = triangles[3 * t + 1];
    const c = triangles[3 * t + 2];
    if (sides !== undefined && sides[t] !== 0) {
      // The sign of the screen area is that of det[x y w] over the corners (every w > 0 here):
      // positive when counter-clockwise. No division, and before any vertex is loaded.
      const ax = clip[4 * a];
      const ay = clip[4 * a + 1];
      const aw = clip[4 * a + 3];
      const bx = clip[4 * b];
      const by = clip[4 * b + 1];
      const bw = clip[4 * b + 3];
      const cx = clip[4 * c];
      const cy = clip[4 * c + 1];
      const cw = clip[4 * c + 3];
      const determinant = ax * (by * cw - bw * cy) - ay * (bx * cw - bw * cx) + aw * (bx * cy - by * cx);
      if (determinant * sides[t] * sign < 0) continue;
    }
    loadVertex(scratch, 0, batch, appearance, a);
    loadVertex(scratch, 1, batch, appearance, b);
    loadVertex(scratch, 2, batch, appearance, c);
    const cell = batch.triangleCells[t];
    // triangleColor holds the batch's base colour and no flat light unless set per triangle here.
    if (cellColors) {
      triangleColor[0] = cellColors[4 * cell] / 255;
      triangleColor[1] = cellColors[4 * cell + 1] / 255;
      triangleColor[2] = cellColors[4 * cell + 2] / 255;
    }
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
      triangleColor[3] = light[0];
      triangleColor[4] = light[1];
      triangleColor[5] = light[2];
    }
    const w0 = scratch[3];
    const w1 = scratch[STRIDE + 3];
    const w2 = scratch[2 * STRIDE + 3];
    const inside0 = scratch[2] >= -w0;
    const inside1 = scratch[STRIDE + 2] >= -w1;
    const inside2 = scratch[2 * STRIDE + 2] >= -w2;
    if (!inside0 && !inside1 && !inside2) continue;
    // The triangle, or the fan of its part in front of the near plane (vertices 0, sub + 1, sub + 2).
    let v = scratch;
    let fan = 1;
    if (!(inside0 && inside1 && inside2)) {
      v = clipped;
      fan = clipNear(scratch, 3, clipped) - 2;
    }
    for (let sub = 0; sub < fan; sub++) {
      const o0 = 0;
      const o1 = (sub + 1) * STRIDE;
      const o2 = (sub + 2) * STRIDE;
      // The bounding box as boxOfTriangle finds it (repeated here: a call per triangle costs more
      // than the arithmetic, and most triangles of a big mesh leave here).
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
      if (!(Math.abs(area) > 1e-12)) continue;
      let minX = Math.ceil(Math.min(x0, x1, x2) - 0.5);
      let maxX = Math.floor(Math.max(x0, x1, x2) - 0.5) + 1;
      let minY = Math.ceil(Math.min(y0, y1, y2) - 0.5);
      let maxY = Math.floor(Math.max(y0, y1, y2) - 0.5) + 1;
      if (minX < 0) minX = 0;
      if (minY < 0) minY = 0;
      if (maxX > width) maxX = width;
      if (maxY > height) maxY = height;
      if (minX >= maxX || minY >= maxY) continue;
      // Iteration bounds: the box within the region. Values below are relative to (minX, minY),
      // which does not depend on the region.
      let left = minX;
      let top = minY;
      let right = maxX;
      let bottom = maxY;
      if (region) {
        if (left < region.left) left = region.left;
        if (top < region.top) top = region.top;
        if (right > region.right) right = region.right;
        if (bottom > region.bottom) bottom = region.bottom;
        if (left >= right || top >= bottom) continue;
      }
      const inverseArea = 1 / area;
      const r = triangleColor[0];
      const g = triangleColor[1];
      const b = triangleColor[2];
      const flatR = triangleColor[3];
      const flatG = triangleColor[4];
      const flatB = triangleColor[5];
      // The base colour in 0–255, as colour-map texels come.
      const r255 = r * 255;
      const g255 = g * 255;
      const b255 = b * 255;
      const z0 = v[o0 + 2] * q0 * 0.5 + 0.5;
      const z1 = v[o1 + 2] * q1 * 0.5 + 0.5;
      const z2 = v[o2 + 2] * q2 * 0.5 + 0.5;
      // Barycentric coordinate k (edge k is opposite vertex k) at the centre of pixel
      // (minX + dx, minY + dy) is base_k + e_ky·dy + e_kx·dx, evaluated directly rather than
      // accumulated, so a pixel gets the same values whichever tile draws it.
      const e0x = (y1 - y2) * inverseArea;
      const e0y = (x2 - x1) * inverseArea;
      const e1x = (y2 - y0) * inverseArea;
      const e1y = (x0 - x2) * inverseArea;
      const e2x = (y0 - y1) * inverseArea;
      const e2y = (x1 - x0) * inverseArea;
      const px0 = minX + 0.5;
      const py0 = minY + 0.5;
      const base0 = ((x1 - px0) * (y2 - py0) - (y1 - py0) * (x2 - px0)) * inverseArea;
      const base1 = ((x2 - px0) * (y0 - py0) - (y2 - py0) * (x0 - px0)) * inverseArea;
      const base2 = ((x0 - px0) * (y1 - py0) - (y0 - py0) * (x1 - px0)) * inverseArea;
      const inverse0 = e0x !== 0 ? 1 / e0x : 0;
      const inverse1 = e1x !== 0 ? 1 / e1x : 0;
      const inverse2 = e2x !== 0 ? 1 / e2x : 0;
      // Depth as a plane in (dx, dy).
      const zBase = base0 * z0 + base1 * z1 + base2 * z2;
      const zX = e0x * z0 + e1x * z1 + e2x * z2;
      const zY = e0y * z0 + e1y * z1 + e2y * z2;
      // Pixels inside a triangle lie between its corners' depths: the depth range needs testing per
      // pixel only when a corner lies outside it.
      const clipDepth = !(z0 >= 0 && z1 >= 0 && z2 >= 0 && z0 <= 1 && z1 <= 1 && z2 <= 1);
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
      // The normal (over w) as planes in (dx, dy), like depth: a pixel costs three multiply-adds.
      const nxBase = base0 * a0x + base1 * a1x + base2 * a2x;
      const nxX = e0x * a0x + e1x * a1x + e2x * a2x;
      const nxY = e0y * a0x + e1y * a1x + e2y * a2x;
      const nyBase = base0 * a0y + base1 * a1y + base2 * a2y;
      const nyX = e0x * a0y + e1x * a1y + e2x * a2y;
      const nyY = e0y * a0y + e1y * a1y + e2y * a2y;
      const nzBase = base0 * a0z + base1 * a1z + base2 * a2z;
      const nzX = e0x * a0z + e1x * a1z + e2x * a2z;
      const nzY = e0y * a0z + e1y * a1z + e2y * a2z;
      const s0 = v[o0 + 7] * q0;
      const s1 = v[o1 + 7] * q1;
      const s2 = v[o2 + 7] * q2;
      const p0x = v[o0 + 8] * q0;
      const p0y = v[o0 + 9] * q0;
      const p0z = v[o0 + 10] * q0;
      const p1x = v[o1 + 8] * q1;
      const p1y = v[o1 + 9] * q1;
      const p1z = v[o1 + 10] * q1;
      const p2x = v[o2 + 8] * q2;
      const p2y = v[o2 + 9] * q2;
      const p2z = v[o2 + 10] * q2;
      const smooth = flatR < 0;
      // Flat, unmapped, plain material: one colour for the whole triangle.
      const uniform = !smooth && texture === undefined && !material;
      if (uniform)
        storeColor(flatWord, 0, r * flatR * 255 + 0.5, g * flatG * 255 + 0.5, b * flatB * 255 + 0.5);
      const flatColor = flatWord[0];
      const cellId = cell + 1;
      for (let y = top; y < bottom; y++) {
        const dy = y - minY;
        const row0 = base0 + e0y * dy;
        const row1 = base1 + e1y * dy;
        const row2 = base2 + e2y * dy;
        // The row's span inside all three edges, widened by a pixel each way: the per-pixel test
        // below stays the judge, this only skips the bounding box's empty ends.
        let start = left - minX;
        let stop = right - minX;
        if (e0x > 0) start = Math.max(start, Math.ceil(-row0 * inverse0) - 1);
        else if (e0x < 0) stop = Math.min(stop, Math.floor(-row0 * inverse0) + 2);
        else if (row0 < 0) stop = 0;
        if (e1x > 0) start = Math.max(start, Math.ceil(-row1 * inverse1) - 1);
        else if (e1x < 0) stop = Math.min(stop, Math.floor(-row1 * inverse1) + 2);
        else if (row1 < 0) stop = 0;
        if (e2x > 0) start = Math.max(start, Math.ceil(-row2 * inverse2) - 1);
        else if (e2x < 0) stop = Math.min(stop, Math.floor(-row2 * inverse2) + 2);
        else if (row2 < 0) stop = 0;
        // Then the exact span: each barycentric is monotonic in dx as evaluated (rounding is), so
        // the pixels passing all three tests are one run; trimming its ends spares every pixel
        // of the run the three tests.
        while (
          start < stop &&
          !(row0 + e0x * start >= 0 && row1 + e1x * start >= 0 && row2 + e2x * start >= 0)
        )
          start++;
        while (
          stop > start &&
          !(row0 + e0x * (stop - 1) >= 0 && row1 + e1x * (stop - 1) >= 0 && row2 + e2x * (stop - 1) >= 0)
        )
          stop--;
        if (start >= stop) continue;
        const zRow = zBase + zY * dy;
        const nxRow = nxBase + nxY * dy;
        const nyRow = nyBase + nyY * dy;
        const nzRow = nzBase + nzY * dy;
        const rowIndex = y * width + minX;
        for (let dx = start; dx < stop; dx++) {
          const index = rowIndex + dx;
          const z = zRow + zX * dx;
          if (z >= depth[index] || (clipDepth && (z < 0 || z > 1))) continue;
          // Compared in float32, the precision the previous layer's depth was stored in.
          if (peelDepth !== undefined && Math.fround(z) <= peelDepth[index]) continue;
          depth[index] = z;
          if (cellIds) cellIds[index] = cellId;
          if (actorIds) actorIds[index] = actorIndex;
          if (uniform) {
            words[index] = flatColor;
            continue;
          }
          let lr = flatR;
          let lg = flatG;
          let lb = flatB;
          // Lighting needs only the normal's direction, so the perspective-correct normal needs no
          // 1/Σ(l/w) factor. Two-sided: the normal turned towards the viewer (lights.ts).
          const nx = nxRow + nxX * dx;
          const ny = nyRow + nyX * dx;
          const nz = nzRow + nzX * dx;
          if (smooth) {
            lr = 0;
            lg = 0;
            lb = 0;
            const squared = nx * nx + ny * ny + nz * nz;
            if (squared > 0) {
              // Dot products with the unnormalised normal, scaled once at the end: the square root
              // and division then run alongside them instead of before them.
              const ux = nz < 0 ? -nx : nx;
              const uy = nz < 0 ? -ny : ny;
              const uz = nz < 0 ? -nz : nz;
              const scale = 1 / Math.sqrt(squared);
              if (lightCount <= FEW_LIGHTS) {
                let d = ux * l0x + uy * l0y + uz * l0z;
                if (d > 0) {
                  lr += d * l0r;
                  lg += d * l0g;
                  lb += d * l0b;
                }
                d = ux * l1x + uy * l1y + uz * l1z;
                if (d > 0) {
                  lr += d * l1r;
                  lg += d * l1g;
                  lb += d * l1b;
                }
                d = ux * l2x + uy * l2y + uz * l2z;
                if (d > 0) {
                  lr += d * l2r;
                  lg += d * l2g;
                  lb += d * l2b;
                }
                d = ux * l3x + uy * l3y + uz * l3z;
                if (d > 0) {
                  lr += d * l3r;
                  lg += d * l3g;
                  lb += d * l3b;
                }
                d = ux * l4x + uy * l4y + uz * l4z;
                if (d > 0) {
                  lr += d * l4r;
                  lg += d * l4g;
                  lb += d * l4b;
                }
              } else {
                for (let i = 0; i < lightCount; i += 6) {
                  const d = ux * lights[i] + uy * lights[i + 1] + uz * lights[i + 2];
                  if (d <= 0) continue;
                  lr += d * lights[i + 3];
                  lg += d * lights[i + 4];
                  lb += d * lights[i + 5];
                }
              }
              lr *= scale;
              lg *= scale;
              lb *= scale;
            }
          }
          let cr = r255;
          let cg = g255;
          let cb = b255;
          if (texture !== undefined) {
            const l0 = row0 + e0x * dx;
            const l1 = row1 + e1x * dx;
            const l2 = row2 + e2x * dx;
            const s = (l0 * s0 + l1 * s1 + l2 * s2) / (l0 * q0 + l1 * q1 + l2 * q2);
            const texel = Number.isNaN(s)
              ? textureSize
              : s <= 0
                ? 0
                : s >= 1
                  ? textureSize - 1
                  : Math.floor(s * textureSize);
            cr = texture[4 * texel];
            cg = texture[4 * texel + 1];
            cb = texture[4 * texel + 2];
          }
          if (!material) {
            // storeColor, by hand: this is the path nearly every pixel takes.
            const red = cr * lr + 0.5;
            const green = cg * lg + 0.5;
            const blue = cb * lb + 0.5;
            const r8 = red > 255 ? 255 : red | 0;
            const g8 = green > 255 ? 255 : green | 0;
            const b8 = blue > 255 ? 255 : blue | 0;
            words[index] = LITTLE_ENDIAN
              ? 0xff000000 | (b8 << 16) | (g8 << 8) | r8
              : (r8 << 24) | (g8 << 16) | (b8 << 8) | 0xff;
            continue;
          }
          // Material: colour = Ambient·ambient colour + Diffuse·light·colour + Specular·shine·specular
          // colour; the mapped colour stands for the ambient colour too, as VTK's default material mode.
          let red = ambient * (mapped ? cr : ambientColor[0] * 255) + diffuse * cr * lr + 0.5;
          let green = ambient * (mapped ? cg : ambientColor[1] * 255) + diffuse * cg * lg + 0.5;
          let blue = ambient * (mapped ? cb : ambientColor[2] * 255) + diffuse * cb * lb + 0.5;
          if (specular !== 0) {
            let vx = 0;
            let vy = 0;
            let vz = 1;
            if (!parallel) {
              const l0 = row0 + e0x * dx;
              const l1 = row1 + e1x * dx;
              const l2 = row2 + e2x * dx;
              const inverse = 1 / (l0 * q0 + l1 * q1 + l2 * q2);
              vx = -(l0 * p0x + l1 * p1x + l2 * p2x) * inverse;
              vy = -(l0 * p0y + l1 * p1y + l2 * p2y) * inverse;
              vz = -(l0 * p0z + l1 * p1z + l2 * p2z) * inverse;
              const length = Math.sqrt(vx * vx + vy * vy + vz * vz);
              vx /= length;
              vy /= length;
              vz /= length;
            }
            if (smooth) specularLight(lights, nx, ny, nz, vx, vy, vz, specularPower, shine);
            else
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
            red += specular * specularColor[0] * shine[0] * 255;
            green += specular * specularColor[1] * shine[1] * 255;
            blue += specular * specularColor[2] * shine[2] * 255;
          }
          storeColor(words, index, red, green, blue);
        }
      }
    }
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

/**
 * Screen-space bounding box [minX, minY, maxX, maxY) of the pixels whose centres a triangle may
 * cover, clipped to the frame, as written by `boxOfTriangle` (tile binning).
 */
export const triangleBox = new Int32Array(4);

/**
 * Fills `triangleBox` for the clip-space vertices at offsets o0, o1, o2 of `v` (all in front of
 * the near plane); false when the triangle is degenerate or covers no pixel centre. The same
 * box as drawTriangle's, which repeats it inline.
 */
export function boxOfTriangle(
  v: Float32Array | Float64Array,
  o0: number,
  o1: number,
  o2: number,
  width: number,
  height: number,
): boolean {
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
  if (!(Math.abs(area) > 1e-12) || minX >= maxX || minY >= maxY) {
    triangleBox[0] = 0;
    triangleBox[1] = 0;
    triangleBox[2] = 0;
    triangleBox[3] = 0;
    return false;
  }
  triangleBox[0] = minX;
  triangleBox[1] = minY;
  triangleBox[2] = maxX;
  triangleBox[3] = maxY;
  return true;
}

/**
 * Colour of the current triangle for drawTriangle: base RGB (0–1), then its flat light RGB
 * (red −1 when smooth). Passed through memory, as doubles passed to a call that is not inlined
 * would be allocated on the heap once per triangle.
 */
const triangleColor = new Float64Array(6);

export interface LineBatch {
  clip: Float32Array;
  segments: Uint32Array;
  segmentCells: Uint32Array;
  /** Segments to draw, in order (a tile's bin); `first` and `count` then index this list. */
  order?: Uint32Array;
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
  const left = target.region?.left ?? 0;
  const top = target.region?.top ?? 0;
  const right = target.region?.right ?? width;
  const bottom = target.region?.bottom ?? height;
  const actorIndex = target.actorIndex ?? 0;
  const c = batch.clip;
  const order = batch.order;
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
  for (let k = batch.first; k < batch.first + batch.count; k++) {
    const s = order ? order[k] : k;
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
          if (x < left || y < top || x >= right || y >= bottom) continue;
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
