/**
 * Tile-based rasterization: the frame is cut into tiles (bands of whole rows by default); primitives are binned to the
 * tiles their screen boxes touch (each piece of the pool bins a share of every batch, in
 * order), then each tile is cleared and drawn on its own — triangles, lines and points of each
 * actor in the order one thread would draw them — straight into the shared frame buffers. Tiles
 * are claimed from a shared counter, so busy workers take fewer; a pixel's value does not
 * depend on which worker drew its tile, nor on the tiling (see `rasterizeTriangles`).
 *
 * Pure functions over typed arrays: they run in workers (rasterize.worker.ts) or on the
 * calling thread alike.
 */
import {
  boxOfTriangle,
  type PixelRegion,
  type RasterTarget,
  rasterizeLines,
  rasterizeTriangles,
  triangleBox,
} from './rasterize.js';
import type { PieceActor } from './rasterize.worker.js';
import { rasterizePoints } from './rasterize-points.js';

/**
 * Height of a tile in pixels; tiles span whole rows. Full-width bands clear with one `fill` per
 * buffer (per-row fills of square tiles cost more than the drawing of a small scene), and a band
 * of 32 rows of 1280 pixels (colour, depth and ids: 0.5 MB) stays in a core's cache.
 */
export const TILE_ROWS = 32;

/** How the frame is cut into tiles. */
export interface TileGrid {
  width: number;
  height: number;
  /** Tile size in pixels. */
  tileWidth: number;
  tileHeight: number;
  columns: number;
  rows: number;
}

export function tileGrid(
  width: number,
  height: number,
  tileWidth: number = width,
  tileHeight: number = TILE_ROWS,
): TileGrid {
  // Tile coordinates are packed in bytes while binning: at most 255 tiles either way.
  const across = Math.max(tileWidth, Math.ceil(width / 255));
  const down = Math.max(tileHeight, Math.ceil(height / 255));
  return {
    width,
    height,
    tileWidth: across,
    tileHeight: down,
    columns: Math.ceil(width / across),
    rows: Math.ceil(height / down),
  };
}

/** Primitive kinds binned per actor, in drawing order. */
const KINDS = 3;
const TRIANGLES = 0;
const LINES = 1;
const POINTS = 2;

/** Where one piece's bins lie: batch (actor × kind) b, tile t → items[offsets[b·tiles + t] …]. */
export interface PieceBins {
  /** batches × tiles + 1 offsets into `items` (shared memory). */
  offsets: Uint32Array;
  /** Primitive indices grouped by batch and tile, in drawing order (shared memory). */
  items: Uint32Array;
}

export interface BinInput {
  grid: TileGrid;
  actors: PieceActor[];
  piece: number;
  pieces: number;
  /** Written: the offsets (length actors × 3 × tiles + 1). */
  offsets: Uint32Array;
  /** Where the items go when they fit; a bigger shared array is allocated and returned when not. */
  items: Uint32Array;
}

function share(total: number, piece: number, pieces: number): [number, number] {
  const first = Math.floor((total * piece) / pieces);
  return [first, Math.floor((total * (piece + 1)) / pieces)];
}

/** Tile ranges of the piece's primitives, packed [x0, y0, x1, y1] in bytes; EMPTY covers none. */
const EMPTY = 0xffffffff;
let packedScratch = new Uint32Array(0);

function pack(grid: TileGrid, left: number, top: number, right: number, bottom: number): number {
  // Inclusive tile range of pixels [left, right) × [top, bottom), clipped to the frame.
  if (right <= 0 || bottom <= 0 || left >= grid.width || top >= grid.height || left >= right || top >= bottom)
    return EMPTY;
  const x0 = Math.max(0, Math.floor(left / grid.tileWidth));
  const y0 = Math.max(0, Math.floor(top / grid.tileHeight));
  const x1 = Math.min(grid.columns - 1, Math.floor((right - 1) / grid.tileWidth));
  const y1 = Math.min(grid.rows - 1, Math.floor((bottom - 1) / grid.tileHeight));
  return (x0 | (y0 << 8) | (x1 << 16) | (y1 << 24)) >>> 0;
}

/** Every tile: primitives crossing the near plane, whose screen box is unknown until clipped. */
function everyTile(grid: TileGrid): number {
  return (((grid.columns - 1) << 16) | ((grid.rows - 1) << 24)) >>> 0;
}

function triangleTiles(grid: TileGrid, clip: Float32Array, a: number, b: number, c: number): number {
  const inside0 = clip[4 * a + 2] >= -clip[4 * a + 3];
  const inside1 = clip[4 * b + 2] >= -clip[4 * b + 3];
  const inside2 = clip[4 * c + 2] >= -clip[4 * c + 3];
  if (!inside0 && !inside1 && !inside2) return EMPTY;
  if (!(inside0 && inside1 && inside2)) return everyTile(grid);
  if (!boxOfTriangle(clip, 4 * a, 4 * b, 4 * c, grid.width, grid.height)) return EMPTY;
  return pack(grid, triangleBox[0], triangleBox[1], triangleBox[2], triangleBox[3]);
}

function segmentTiles(grid: TileGrid, clip: Float32Array, a: number, b: number, lineWidth: number): number {
  const da = clip[4 * a + 2] + clip[4 * a + 3];
  const db = clip[4 * b + 2] + clip[4 * b + 3];
  if (da < 0 && db < 0) return EMPTY;
  if (da < 0 || db < 0) return everyTile(grid);
  const { width, height } = grid;
  const sx0 = (clip[4 * a] / clip[4 * a + 3]) * 0.5 * width + 0.5 * width;
  const sy0 = (0.5 - (clip[4 * a + 1] / clip[4 * a + 3]) * 0.5) * height;
  const sx1 = (clip[4 * b] / clip[4 * b + 3]) * 0.5 * width + 0.5 * width;
  const sy1 = (0.5 - (clip[4 * b + 1] / clip[4 * b + 3]) * 0.5) * height;
  if (!Number.isFinite(sx0 + sy0 + sx1 + sy1)) return everyTile(grid);
  // The square brush of rasterizeLines around every floor()ed point of the segment, one pixel
  // wider: its points are interpolated, and may round past an endpoint.
  const widthPixels = Math.max(1, Math.round(lineWidth));
  const before = Math.floor((widthPixels - 1) / 2);
  const after = widthPixels - 1 - before;
  return pack(
    grid,
    Math.floor(Math.min(sx0, sx1)) - before - 1,
    Math.floor(Math.min(sy0, sy1)) - before - 1,
    Math.floor(Math.max(sx0, sx1)) + after + 2,
    Math.floor(Math.max(sy0, sy1)) + after + 2,
  );
}

function pointTiles(grid: TileGrid, clip: Float32Array, v: number, pointSize: number): number {
  const w = clip[4 * v + 3];
  const z = clip[4 * v + 2];
  if (!(w > 0) || z < -w || z > w) return EMPTY;
  const sx = (clip[4 * v] / w) * 0.5 * grid.width + 0.5 * grid.width;
  const sy = (0.5 - (clip[4 * v + 1] / w) * 0.5) * grid.height;
  const radius = Math.max(1, pointSize) / 2;
  return pack(
    grid,
    Math.ceil(sx - radius - 0.5),
    Math.ceil(sy - radius - 0.5),
    Math.floor(sx + radius - 0.5) + 1,
    Math.floor(sy + radius - 0.5) + 1,
  );
}

/** Counts a primitive in every tile of its packed range; returns how many. */
function countRange(counts: Uint32Array, base: number, columns: number, range: number): number {
  if (range === EMPTY) return 0;
  const x0 = range & 0xff;
  const y0 = (range >>> 8) & 0xff;
  const x1 = (range >>> 16) & 0xff;
  const y1 = range >>> 24;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) counts[base + y * columns + x]++;
  return (x1 - x0 + 1) * (y1 - y0 + 1);
}

/** Appends `primitive` to the bin of every tile of its packed range. */
function scatterRange(
  items: Uint32Array,
  fill: Uint32Array,
  base: number,
  columns: number,
  range: number,
  primitive: number,
): void {
  if (range === EMPTY) return;
  const x0 = range & 0xff;
  const y0 = (range >>> 8) & 0xff;
  const x1 = (range >>> 16) & 0xff;
  const y1 = range >>> 24;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) items[fill[base + y * columns + x]++] = primitive;
}

/**
 * Bins the piece's share of every actor's primitives to tiles. Returns the items array: the one
 * given, or a bigger shared one when they did not fit.
 */
export function binPrimitives(input: BinInput): Uint32Array {
  const { grid, actors, piece, pieces, offsets } = input;
  const tiles = grid.columns * grid.rows;
  offsets.fill(0);
  // Pass 1: each primitive's tile range, and a count per (batch, tile) in offsets[· + 1].
  let shareTotal = 0;
  for (const actor of actors) {
    const [t0, t1] = share(actor.drawTriangles ? actor.triangles.length / 3 : 0, piece, pieces);
    const [s0, s1] = share(actor.drawLines ? actor.segments.length / 2 : 0, piece, pieces);
    const [p0, p1] = share(actor.drawPoints ? actor.points.length : 0, piece, pieces);
    shareTotal += t1 - t0 + s1 - s0 + p1 - p0;
  }
  if (packedScratch.length < shareTotal) packedScratch = new Uint32Array(shareTotal);
  const packed = packedScratch;
  let cursor = 0;
  let total = 0;
  for (let index = 0; index < actors.length; index++) {
    const actor = actors[index];
    const { clip } = actor;
    if (actor.drawTriangles) {
      const base = (index * KINDS + TRIANGLES) * tiles + 1;
      const [first, end] = share(actor.triangles.length / 3, piece, pieces);
      const t = actor.triangles;
      for (let i = first; i < end; i++) {
        const range = triangleTiles(grid, clip, t[3 * i], t[3 * i + 1], t[3 * i + 2]);
        packed[cursor++] = range;
        total += countRange(offsets, base, grid.columns, range);
      }
    }
    if (actor.drawLines) {
      const base = (index * KINDS + LINES) * tiles + 1;
      const [first, end] = share(actor.segments.length / 2, piece, pieces);
      const s = actor.segments;
      for (let i = first; i < end; i++) {
        const range = segmentTiles(grid, clip, s[2 * i], s[2 * i + 1], actor.lineWidth);
        packed[cursor++] = range;
        total += countRange(offsets, base, grid.columns, range);
      }
    }
    if (actor.drawPoints) {
      const base = (index * KINDS + POINTS) * tiles + 1;
      const [first, end] = share(actor.points.length, piece, pieces);
      for (let i = first; i < end; i++) {
        const range = pointTiles(grid, clip, actor.points[i], actor.pointSize);
        packed[cursor++] = range;
        total += countRange(offsets, base, grid.columns, range);
      }
    }
  }
  for (let i = 1; i < offsets.length; i++) offsets[i] += offsets[i - 1];
  const items =
    input.items.length >= total
      ? input.items
      : new Uint32Array(new SharedArrayBuffer(Math.ceil(total * 1.25) * 4));
  // Pass 2: scatter, advancing a write position per (batch, tile) kept in `fill`.
  const fill = offsets.slice(0, offsets.length - 1);
  cursor = 0;
  for (let index = 0; index < actors.length; index++) {
    const actor = actors[index];
    const totals = [
      actor.drawTriangles ? actor.triangles.length / 3 : 0,
      actor.drawLines ? actor.segments.length / 2 : 0,
      actor.drawPoints ? actor.points.length : 0,
    ];
    for (let kind = 0; kind < KINDS; kind++) {
      const [first, end] = share(totals[kind], piece, pieces);
      const base = (index * KINDS + kind) * tiles;
      for (let i = first; i < end; i++) scatterRange(items, fill, base, grid.columns, packed[cursor++], i);
    }
  }
  return items;
}

/** Bytes of binning offsets for `actors` actors on `grid`. */
export function offsetCount(grid: TileGrid, actors: number): number {
  return actors * KINDS * grid.columns * grid.rows + 1;
}

export interface TileDrawInput {
  grid: TileGrid;
  actors: PieceActor[];
  /** Every piece's bins, in piece order (earlier pieces hold earlier primitives). */
  bins: PieceBins[];
  rgba: Uint8Array;
  depth: Float32Array;
  cellIds: Int32Array;
  actorIds: Uint8Array;
  /** Background per row, RGB 0–255. */
  background: Uint8Array;
  /** Next unclaimed tile (shared counter, element 0). */
  nextTile: Int32Array;
}

/** Background, empty depth and no ids over the region. */
function clearTile(
  region: PixelRegion,
  width: number,
  words: Uint32Array,
  depth: Float32Array,
  cellIds: Int32Array,
  actorIds: Uint8Array,
  background: Uint8Array,
  pixel: Uint8Array,
  pixelWord: Uint32Array,
): void {
  const whole = region.left === 0 && region.right === width;
  // Whole rows are one run of memory: depth and ids cleared in one call each.
  if (whole) {
    depth.fill(1, region.top * width, region.bottom * width);
    cellIds.fill(0, region.top * width, region.bottom * width);
    actorIds.fill(0, region.top * width, region.bottom * width);
  }
  for (let y = region.top; y < region.bottom; y++) {
    pixel[0] = background[3 * y];
    pixel[1] = background[3 * y + 1];
    pixel[2] = background[3 * y + 2];
    pixel[3] = 255;
    const start = y * width + region.left;
    const end = y * width + region.right;
    words.fill(pixelWord[0], start, end);
    if (!whole) {
      depth.fill(1, start, end);
      cellIds.fill(0, start, end);
      actorIds.fill(0, start, end);
    }
  }
}

/** Claims tiles until none is left, clearing and drawing each; returns the number drawn. */
export function drawTiles(input: TileDrawInput): number {
  const { grid, actors, bins, rgba, depth, cellIds, actorIds, background } = input;
  const tiles = grid.columns * grid.rows;
  const words = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2);
  const pixel = new Uint8Array(4);
  const pixelWord = new Uint32Array(pixel.buffer);
  const region = { left: 0, top: 0, right: 0, bottom: 0 };
  const target: RasterTarget = {
    width: grid.width,
    height: grid.height,
    color: rgba,
    depth,
    cellIds,
    actorIds,
    region,
  };
  let drawn = 0;
  for (let tile = Atomics.add(input.nextTile, 0, 1); tile < tiles; tile = Atomics.add(input.nextTile, 0, 1)) {
    const column = tile % grid.columns;
    const row = Math.floor(tile / grid.columns);
    region.left = column * grid.tileWidth;
    region.top = row * grid.tileHeight;
    region.right = Math.min(grid.width, region.left + grid.tileWidth);
    region.bottom = Math.min(grid.height, region.top + grid.tileHeight);
    clearTile(region, grid.width, words, depth, cellIds, actorIds, background, pixel, pixelWord);
    actors.forEach((actor, index) => {
      target.actorIndex = actor.index;
      for (const kind of [TRIANGLES, LINES, POINTS]) {
        const slot = (index * KINDS + kind) * tiles + tile;
        for (const { offsets, items } of bins) {
          const first = offsets[slot];
          const count = offsets[slot + 1] - first;
          if (count === 0) continue;
          if (kind === TRIANGLES)
            rasterizeTriangles(target, { ...actor, order: items, first, count }, actor.appearance);
          else if (kind === LINES) {
            rasterizeLines(
              target,
              {
                clip: actor.clip,
                segments: actor.segments,
                segmentCells: actor.segmentCells,
                order: items,
                first,
                count,
                lineWidth: actor.lineWidth,
              },
              actor.appearance,
            );
          } else rasterizePoints(target, { ...actor, order: items, first, count }, actor.appearance);
        }
      }
    });
    drawn++;
  }
  return drawn;
}
