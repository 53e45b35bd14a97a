export * from './attributes.js';
export * from './cell-array.js';
export * from './cell-types.js';
export * from './compare.js';
export * from './data-array.js';
export * from './dataset.js';
export * from './queries.js';
export * from './shared-memory.js';
