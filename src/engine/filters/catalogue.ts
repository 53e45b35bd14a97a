/**
 * The catalogue of sources and filters, by ParaView proxy name. Pipelines, the CLI and the
 * session server look filters up here. One import and one list entry per definition: add yours
 * by inserting a line in each, keeping the lists alphabetical.
 */

import { calculatorFilter } from './calculator/calculator.js';
import { cellDataToPointDataDefinition } from './cell-data-to-point-data/index.js';
import { clipFilter } from './clip/clip.js';
import { contourFilter } from './contour/contour.js';
import { decimateDefinition } from './decimate/index.js';
import { extractBlockDefinition } from './extract-block/index.js';
import { extractSurfaceDefinition } from './extract-surface/index.js';
import { generateSurfaceNormalsDefinition } from './generate-surface-normals/index.js';
import { glyphDefinition } from './glyph/index.js';
import { integrateVariablesDefinition } from './integrate-variables/index.js';
import { mergeBlocksDefinition } from './merge-blocks/index.js';
import { outlineDefinition } from './outline/index.js';
import { plotOverLineDefinition } from './plot-over-line/index.js';
import { pointDataToCellDataDefinition } from './point-data-to-cell-data/index.js';
import { resampleToImageDefinition } from './resample-to-image/index.js';
import { shrinkDefinition } from './shrink/index.js';
import { sliceFilter } from './slice/slice.js';
import { smoothPolyDataDefinition } from './smooth-poly-data/index.js';
import { boxSource } from './sources/box.js';
import { coneSource } from './sources/cone.js';
import { cylinderSource } from './sources/cylinder.js';
import { lineSource } from './sources/line.js';
import { planeSource } from './sources/plane.js';
import { pointSource } from './sources/point-source.js';
import { sphereSource } from './sources/sphere.js';
import { waveletSource } from './sources/wavelet.js';
import { streamTracerDefinition } from './stream-tracer/index.js';
import { thresholdFilter } from './threshold/threshold.js';
import { transformDefinition } from './transform/index.js';
import { triangulateDefinition } from './triangulate/index.js';
import { tubeDefinition } from './tube/index.js';
import type { FilterDefinition } from './types.js';
import { warpByScalarDefinition } from './warp-by-scalar/index.js';
import { warpByVectorDefinition } from './warp-by-vector/index.js';

const definitions: readonly FilterDefinition[] = [
  // Sources
  boxSource,
  coneSource,
  cylinderSource,
  lineSource,
  planeSource,
  pointSource,
  sphereSource,
  waveletSource,
  // Filters
  calculatorFilter,
  cellDataToPointDataDefinition,
  clipFilter,
  contourFilter,
  decimateDefinition,
  extractBlockDefinition,
  extractSurfaceDefinition,
  generateSurfaceNormalsDefinition,
  glyphDefinition,
  integrateVariablesDefinition,
  mergeBlocksDefinition,
  outlineDefinition,
  plotOverLineDefinition,
  pointDataToCellDataDefinition,
  resampleToImageDefinition,
  shrinkDefinition,
  sliceFilter,
  smoothPolyDataDefinition,
  streamTracerDefinition,
  thresholdFilter,
  transformDefinition,
  triangulateDefinition,
  tubeDefinition,
  warpByScalarDefinition,
  warpByVectorDefinition,
];

const byName = new Map<string, FilterDefinition>();
for (const definition of definitions) {
  if (byName.has(definition.name)) throw new Error(`filter catalogue: '${definition.name}' registered twice`);
  byName.set(definition.name, definition);
}

/** The source or filter called `name` (ParaView's proxy name), or undefined. */
export function getFilter(name: string): FilterDefinition | undefined {
  return byName.get(name);
}

/** Whether `definition` is one of the catalogue's own (worker threads have those, not plugins'). */
export function isBuiltinFilter(definition: FilterDefinition): boolean {
  return definitions.includes(definition);
}

/** Every source and filter, sorted by name. */
export function listFilters(): FilterDefinition[] {
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Adds a filter at run time (plugins). Built-in names cannot be replaced. Returns a function
 * that removes it again, so a plugin that fails half-way leaves nothing behind.
 */
export function registerFilter(definition: FilterDefinition): () => void {
  if (byName.has(definition.name)) {
    throw new Error(`filter catalogue: '${definition.name}' is already registered`);
  }
  byName.set(definition.name, definition);
  return () => {
    if (byName.get(definition.name) === definition) byName.delete(definition.name);
  };
}
