/** Volume rendering: CPU ray casting of ImageData point scalars, tiled across the worker pool. */
export { type BlockRanges, blockRanges, macroCellGrid } from './macro-cells.js';
export type {
  MacroCellGrid,
  TransferTables,
  VolumeGrid,
  VolumeShading,
  VolumeTileProps,
} from './ray-cast.worker.js';
export { renderVolumeTile } from './ray-cast.worker.js';
export * from './render-volume.js';
