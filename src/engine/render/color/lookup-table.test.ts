/**
 * Expected colours come from ParaView 5.11's ColorMaps.json control points, from Moreland's
 * published cool-warm map, and from arithmetic on those points — never from our own output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { dataArrayFrom, MAGNITUDE } from '../../data/index.js';
import { labToRgb, rgbToLab } from './color-spaces.js';
import { LookupTable, textureTexel } from './lookup-table.js';
import { PiecewiseFunction } from './piecewise-function.js';
import { getPreset, PRESET_NAMES } from './presets.js';

function assertColor(actual: readonly number[], expected: readonly number[], tolerance = 1e-6, what = '') {
  for (let c = 0; c < expected.length; c++) {
    assert.ok(
      Math.abs(actual[c] - expected[c]) <= tolerance,
      `${what} component ${c}: got ${actual[c]}, expected ${expected[c]} (±${tolerance})`,
    );
  }
}

test('the required ParaView presets are listed, Cool to Warm first', () => {
  for (const name of [
    'Cool to Warm',
    'Viridis (matplotlib)',
    'Inferno (matplotlib)',
    'Plasma (matplotlib)',
    'Turbo',
    'Jet',
    'Rainbow Uniform',
    'Grayscale',
    'X Ray',
    'Blue Orange (divergent)',
    'Black-Body Radiation',
  ]) {
    assert.ok(PRESET_NAMES.includes(name), name);
  }
  assert.equal(PRESET_NAMES[0], 'Cool to Warm');
  assert.equal(new LookupTable().presetName, 'Cool to Warm');
  assert.throws(() => getPreset('No Such Map'), { code: 'PERISCOPE_E_PROPERTY' });
});

test('Lab conversion uses VTK’s D65 white: white is L=100, a=b=0 and round-trips', () => {
  assertColor(rgbToLab([1, 1, 1]), [100, 0, 0], 1e-9);
  // VTK's matrices are rounded to 4 digits, so the round trip is good to about 1e-4, not exact.
  assertColor(labToRgb(rgbToLab([0.2, 0.5, 0.7])), [0.2, 0.5, 0.7], 1e-4);
});

test('Cool to Warm: end colours and the ParaView midpoint (0.865, 0.865, 0.865)', () => {
  const lut = new LookupTable({ range: [-10, 30], discretize: false });
  assertColor(lut.mapValue(-10), [0.23137254902, 0.298039215686, 0.752941176471, 1]);
  assertColor(lut.mapValue(30), [0.705882352941, 0.0156862745098, 0.149019607843, 1]);
  assertColor(lut.mapValue(10), [0.865, 0.865, 0.865, 1], 1e-6);
});

test('Diverging (Msh) interpolation inserts Moreland’s white between two saturated ends', () => {
  // Moreland's two-point cool-warm map; his published 8-bit table has (221, 221, 221) at 0.5.
  const lut = new LookupTable({
    rgbPoints: [0, 0.23, 0.299, 0.754, 1, 0.706, 0.016, 0.15],
    colorSpace: 'Diverging',
    discretize: false,
  });
  assertColor(lut.mapValue(0.5).slice(0, 3), [221 / 255, 221 / 255, 221 / 255], 1.5 / 255);
  // Hue never leaves blue on the cool half (no green or red casts): blue stays the largest.
  for (const v of [0.1, 0.2, 0.3, 0.4]) {
    const [r, g, b] = lut.mapValue(v);
    assert.ok(b > r && b > g, `blue dominates at ${v}`);
  }
});

test('256-point presets hit ParaView’s listed colours at their positions', () => {
  const viridis = LookupTable.fromPreset('Viridis (matplotlib)', [0, 255]).update({ discretize: false });
  assertColor(viridis.mapValue(0), [0.267004, 0.004874, 0.329415]);
  assertColor(viridis.mapValue(128), [0.127568, 0.566949, 0.550556]);
  assertColor(viridis.mapValue(255), [0.993248, 0.906157, 0.143936]);
  const turbo = LookupTable.fromPreset('Turbo', [0, 255]).update({ discretize: false });
  assertColor(turbo.mapValue(0), [0.18995, 0.07176, 0.23217]);
  assertColor(turbo.mapValue(170), [0.98, 0.73, 0.22161]);
  assertColor(turbo.mapValue(255), [0.4796, 0.01583, 0.01055]);
  const inferno = LookupTable.fromPreset('Inferno (matplotlib)', [0, 1]).update({ discretize: false });
  assertColor(inferno.mapValue(0), [0.001462, 0.000466, 0.013866]);
  const plasma = LookupTable.fromPreset('Plasma (matplotlib)', [0, 1]).update({ discretize: false });
  assertColor(plasma.mapValue(0), [0.050383, 0.029803, 0.527975]);
});

test('presets written over other x ranges are normalised (Jet over [-1, 1], Blue Orange over [-30.3, 2.3])', () => {
  const jet = LookupTable.fromPreset('Jet', [-1, 1]).update({ discretize: false });
  assertColor(jet.mapValue(-1), [0, 0, 0.5625]);
  assertColor(jet.mapValue(-0.269841), [0, 1, 1]);
  assertColor(jet.mapValue(0.746032), [1, 0, 0]);
  const blueOrange = LookupTable.fromPreset('Blue Orange (divergent)', [-30.3399130649763, 2.28518559486346]);
  blueOrange.update({ discretize: false });
  assertColor(blueOrange.mapValue(-13.9854288101196), [1, 1, 0.972549019607843], 1e-6);
  assertColor(blueOrange.mapValue(2.28518559486346), [0.188235294117647, 0, 0.0705882352941176], 1e-6);
});

test('RGB presets interpolate linearly between points (Black-Body, X Ray, Rainbow Uniform)', () => {
  const blackBody = LookupTable.fromPreset('Black-Body Radiation', [0, 1]).update({ discretize: false });
  assertColor(blackBody.mapValue(0.4), [0.901960784314, 0, 0]);
  assertColor(blackBody.mapValue(0.6), [0.901960784314, 0.450980392157, 0]);
  const xRay = LookupTable.fromPreset('X Ray', [0, 1]).update({ discretize: false });
  assertColor(xRay.mapValue(0.25), [0.75, 0.75, 0.75]);
  const rainbow = LookupTable.fromPreset('Rainbow Uniform', [0, 1]).update({ discretize: false });
  assertColor(rainbow.mapValue(0.5), [0.9995285432627147, 0.9995193706781492, 0.0134884641450013]);
});

test('discretised maps paint N bins, each with the colour at i/(N-1) (vtkDiscretizableColorTransferFunction)', () => {
  const lut = new LookupTable({ preset: 'Grayscale', range: [0, 1], numberOfTableValues: 4 });
  assertColor(lut.mapValue(0.1), [0, 0, 0]);
  assertColor(lut.mapValue(0.3), [1 / 3, 1 / 3, 1 / 3]);
  assertColor(lut.mapValue(0.6), [2 / 3, 2 / 3, 2 / 3]);
  assertColor(lut.mapValue(1), [1, 1, 1]);
  const bytes = lut.mapScalars(dataArrayFrom('s', 'Float32', [0, 0.24, 0.26, 0.74, 0.76, 1]));
  assert.deepEqual(
    [...bytes].filter((_, i) => i % 4 === 0),
    [0, 0, 85, 170, 255, 255],
  );
  assert.ok([...bytes].filter((_, i) => i % 4 === 3).every((a) => a === 255));
});

test('ParaView’s default map quantises the Cool to Warm midpoint to bin 128 of 256', () => {
  const lut = new LookupTable({ range: [0, 1] });
  const expected = new LookupTable({ range: [0, 1], discretize: false }).mapValue(128 / 255);
  assertColor(lut.mapValue(0.5), expected, 1e-12);
});

test('log scale spreads the map over decades', () => {
  const lut = new LookupTable({
    preset: 'Grayscale',
    range: [1, 1000],
    useLogScale: true,
    discretize: false,
  });
  assertColor(lut.mapValue(10), [1 / 3, 1 / 3, 1 / 3], 1e-12);
  assertColor(lut.mapValue(100), [2 / 3, 2 / 3, 2 / 3], 1e-12);
  assertColor(lut.mapValue(-5), [0, 0, 0]); // non-positive values go to the minimum, as in VTK
  const bytes = lut.mapScalars(dataArrayFrom('s', 'Float64', [1, Math.sqrt(10), 1000]));
  assert.deepEqual([bytes[0], bytes[4], bytes[8]], [0, Math.round(255 / 6), 255]);
  assert.deepEqual(
    lut.rgbPoints.filter((_, i) => i % 4 === 0),
    [1, 1000],
  );
});

test('NaN values take the NaN colour and opacity', () => {
  const lut = new LookupTable({ range: [0, 1] });
  assertColor(lut.mapValue(Number.NaN), [1, 1, 0, 1]);
  lut.update({ nanColor: [0.5, 0, 1], nanOpacity: 0 });
  const bytes = lut.mapScalars(dataArrayFrom('s', 'Float32', [Number.NaN]));
  assert.deepEqual([...bytes], [128, 0, 255, 0]);
});

test('invert reverses the map; below/above-range colours apply only when enabled', () => {
  const lut = new LookupTable({ range: [0, 1], discretize: false, invert: true });
  assertColor(lut.mapValue(0), [0.705882352941, 0.0156862745098, 0.149019607843]);
  assertColor(lut.mapValue(1), [0.23137254902, 0.298039215686, 0.752941176471]);
  lut.invertTransferFunction();
  assertColor(lut.mapValue(0), [0.23137254902, 0.298039215686, 0.752941176471]);
  assertColor(lut.mapValue(-1), [0.23137254902, 0.298039215686, 0.752941176471]);
  lut.update({ useBelowRangeColor: true, useAboveRangeColor: true, belowRangeColor: [0, 1, 0] });
  assertColor(lut.mapValue(-1), [0, 1, 0]);
  assertColor(lut.mapValue(2), [1, 1, 1]);
  assertColor(lut.mapValue(1), [0.705882352941, 0.0156862745098, 0.149019607843]);
  const bytes = lut.mapScalars(dataArrayFrom('s', 'Float32', [-1, 2]));
  assert.deepEqual([...bytes], [0, 255, 0, 255, 255, 255, 255, 255]);
});

test('mapScalars maps a component or the tuple magnitude', () => {
  const lut = new LookupTable({ preset: 'Grayscale', range: [0, 5], discretize: false });
  const vectors = dataArrayFrom('v', 'Float32', [3, 4, 0, 0, 0, 5], 3);
  const magnitude = lut.mapScalars(vectors, MAGNITUDE);
  assert.deepEqual([magnitude[0], magnitude[4]], [255, 255]);
  const x = lut.mapScalars(vectors, 0);
  assert.deepEqual([x[0], x[4]], [Math.round((3 / 5) * 255), 0]);
  assert.throws(() => lut.mapScalars(vectors, 3), { code: 'PERISCOPE_E_PROPERTY' });
});

test('the colour texture reproduces the discrete bins for interpolated scalars', () => {
  const lut = new LookupTable({ preset: 'Grayscale', range: [0, 1], numberOfTableValues: 4 });
  const size = 6;
  const texture = lut.buildTexture();
  assert.equal(texture.length, (size + 1) * 4);
  const gray = (value: number) => texture[textureTexel(lut.textureCoordinate(value), size) * 4];
  assert.deepEqual([0, 0.24, 0.26, 0.6, 0.9, 1].map(gray), [0, 0, 85, 170, 255, 255]);
  const nanTexel = textureTexel(lut.textureCoordinate(Number.NaN), size);
  assert.deepEqual([...texture.subarray(nanTexel * 4, nanTexel * 4 + 4)], [255, 0, 0, 255]);
});

test('toProps describes the table completely (for worker threads)', () => {
  const lut = new LookupTable({ preset: 'Jet', range: [2, 9], invert: true, useLogScale: true });
  const copy = new LookupTable(structuredClone(lut.toProps()));
  for (const v of [2, 3.3, 5, 8.9, 9]) assertColor(copy.mapValue(v), lut.mapValue(v), 1e-12, `value ${v}`);
});

test('PiecewiseFunction: linear between points, clamped outside, maximum over an interval', () => {
  const ramp = new PiecewiseFunction({ range: [10, 20] });
  assert.equal(ramp.valueAt(15), 0.5);
  assert.equal(ramp.valueAt(0), 0);
  assert.equal(ramp.valueAt(30), 1);
  const hat = new PiecewiseFunction({ points: [0, 0, 1, 0.8, 2, 0] });
  assert.equal(hat.maximumOver(0.2, 1.5), 0.8);
  assert.ok(Math.abs(hat.maximumOver(1.5, 2) - 0.4) < 1e-12);
  assert.equal(hat.maximumOver(2, 5), 0);
  assert.deepEqual(hat.rescaled(0, 4).points, [0, 0, 2, 0.8, 4, 0]);
});

test('a constant range paints the first colour, as in ParaView’s contour render coloured by RTData', async () => {
  // ParaView's wavelet-contour.png: the RTData = 157 isosurface coloured by RTData, range [157, 157].
  const file = fileURLToPath(
    new URL('../../../../../shared/reference/renders/wavelet-contour.png', import.meta.url),
  );
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const [r, g, b] = new LookupTable({ range: [157, 157] }).mapValue(157);
  let lit = 0;
  let matching = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    if (data[i + 2] < 60) continue; // background and deep shadow carry no usable hue
    lit++;
    // Lighting scales the colour, so compare chromaticity (ratios to blue).
    if (Math.abs(data[i] / data[i + 2] - r / b) < 0.05 && Math.abs(data[i + 1] / data[i + 2] - g / b) < 0.05)
      matching++;
  }
  assert.ok(lit > 10000, 'the render shows the surface');
  assert.ok(matching / lit > 0.95, `${matching} of ${lit} lit pixels have the first colour's hue`);
});
