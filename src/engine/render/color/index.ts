/** Colour mapping: presets, lookup tables, opacity transfer functions. */
export * from './color-spaces.js';
export * from './lookup-table.js';
export * from './piecewise-function.js';
export * from './presets.js';
