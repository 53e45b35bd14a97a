/**
 * `periscope/client`: everything a browser or Node application needs to talk to a Periscope
 * session (and to Kitware's wslink servers).
 */
export * from './auto-renderer.js';
export * from './connection.js';
export * from './geometry-cache.js';
export * from './launcher.js';
export * from './local-renderer.js';
export * from './proxies.js';
export * from './remote-renderer.js';
export * from './render-mode.js';
export * from './session.js';
export * from './view-renderer.js';
