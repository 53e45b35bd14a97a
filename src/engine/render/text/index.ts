/** Text from the bundled stroke font, printf label formatting, and the scalar bar. */
export * from './draw-text.js';
export * from './printf.js';
export * from './scalar-bar.js';
export { FONT_CHARACTERS } from './stroke-font.js';
