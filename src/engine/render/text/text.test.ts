import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LookupTable } from '../color/lookup-table.js';
import { drawText, measureText, type RgbaImage } from './draw-text.js';
import { formatNumber } from './printf.js';
import { drawScalarBar } from './scalar-bar.js';
import { FONT_CHARACTERS } from './stroke-font.js';

const BACKGROUND = [10, 20, 30, 255];

function blankImage(width: number, height: number): RgbaImage {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set(BACKGROUND, i * 4);
  return { rgba, width, height };
}

function isBackground(image: RgbaImage, column: number, row: number): boolean {
  const offset = (row * image.width + column) * 4;
  return BACKGROUND.every((value, c) => image.rgba[offset + c] === value);
}

test('text draws ink inside its measured box and nowhere else', () => {
  const image = blankImage(200, 60);
  const size = 20;
  const x = 15;
  const baseline = 35;
  const metrics = measureText('Hello, Periscope!', size);
  drawText(image, 'Hello, Periscope!', x, baseline, { size });
  // The stroke (size/11 wide, round caps) may reach half its width past the glyph outlines.
  const pad = size / 11;
  let inked = 0;
  for (let row = 0; row < image.height; row++) {
    for (let column = 0; column < image.width; column++) {
      if (isBackground(image, column, row)) continue;
      inked++;
      assert.ok(column + 1 > x - pad && column < x + metrics.width + pad, `column ${column} outside`);
      assert.ok(
        row + 1 > baseline - metrics.ascent - pad && row < baseline + metrics.descent + pad,
        `row ${row}`,
      );
    }
  }
  assert.ok(inked > 200, `only ${inked} pixels inked`);
});

test('every printable ASCII character but space leaves ink; colour and alignment are honoured', () => {
  assert.equal(FONT_CHARACTERS.length, 95);
  for (const character of FONT_CHARACTERS) {
    const image = blankImage(30, 40);
    drawText(image, character, 5, 28, { size: 24 });
    let inked = false;
    for (let i = 0; i < 30 * 40 && !inked; i++) inked = !isBackground(image, i % 30, Math.floor(i / 30));
    assert.equal(inked, character !== ' ', `character '${character}'`);
  }
  const image = blankImage(100, 30);
  const box = drawText(image, 'W', 50, 15, {
    size: 18,
    color: [1, 0, 0],
    align: 'center',
    verticalAlign: 'middle',
  });
  const width = measureText('W', 18).width;
  assert.ok(box.x <= 50 - width / 2 && box.x + box.width >= 50 + width / 2);
  let red = 0;
  for (let i = 0; i < 100 * 30; i++) if (image.rgba[i * 4] === 255 && image.rgba[i * 4 + 1] === 0) red++;
  assert.ok(red > 10, 'fully covered pixels take the text colour');
});

test('measureText: advance is glyph widths plus spacing, scaled by size/18 grid units', () => {
  // 'M' is 8 units wide; two of them with one 3-unit gap make 19 units.
  assert.equal(measureText('MM', 18).width, 19);
  assert.equal(measureText('MM', 36).width, 38);
  assert.equal(measureText('', 18).width, 0);
  assert.equal(measureText('H', 18).capHeight, 12);
});

test('printf formatting matches C for ParaView’s label formats', () => {
  assert.equal(formatNumber('%-#6.3g', 157), '157.  ');
  assert.equal(formatNumber('%-#6.3g', 0.5), '0.500 ');
  assert.equal(formatNumber('%-#6.3g', 33.1289), '33.1  ');
  assert.equal(formatNumber('%-#6.3g', 1234.5), '1.23e+03');
  assert.equal(formatNumber('%-#6.3g', -0.000012345), '-1.23e-05');
  assert.equal(formatNumber('%-#6.1e', 33.1289), '3.3e+01');
  assert.equal(formatNumber('%g', 0.0001), '0.0001');
  assert.equal(formatNumber('%g', 0.00001), '1e-05');
  assert.equal(formatNumber('%g', 100000), '100000');
  assert.equal(formatNumber('%g', 1000000), '1e+06');
  assert.equal(formatNumber('%.3g', 0.0001234), '0.000123');
  assert.equal(formatNumber('%6.2f', 1.23456), '  1.23');
  assert.equal(formatNumber('%06.2f', -1.23456), '-01.23');
  assert.equal(formatNumber('%+.3e', 12345), '+1.235e+04');
  assert.equal(formatNumber('%#.0e', 5), '5.e+00');
  assert.equal(formatNumber('%d items', 42.9), '42 items');
  assert.equal(formatNumber('%5.1f%%', 99.44), ' 99.4%');
  assert.equal(formatNumber('%G', 1e-10), '1E-10');
  assert.throws(() => formatNumber('%g %g', 1), { code: 'PERISCOPE_E_PROPERTY' });
});

test('the scalar bar’s pixels are the lookup table’s colours along the bar', () => {
  const image = blankImage(400, 300);
  const lut = new LookupTable({ preset: 'Grayscale', range: [0, 1], discretize: false });
  const { bar } = drawScalarBar(image, lut, { title: 'Gray' });
  assert.equal(bar.height, Math.round(0.33 * 300));
  assert.ok(bar.x + bar.width <= 400 && bar.x > 300, 'vertical bar at the right');
  for (const step of [0, 10, 49, 98]) {
    const row = bar.y + bar.height - 1 - step;
    const offset = (row * 400 + bar.x + bar.width / 2) * 4;
    assert.equal(image.rgba[offset], Math.round(((step + 0.5) / bar.height) * 255), `step ${step}`);
  }
  const coolWarm = blankImage(400, 300);
  const middle = drawScalarBar(coolWarm, new LookupTable({ range: [-1, 1], discretize: false }), {}).bar;
  const centre = ((middle.y + Math.floor(middle.height / 2)) * 400 + middle.x + 8) * 4;
  for (let c = 0; c < 3; c++)
    assert.ok(Math.abs(coolWarm.rgba[centre + c] - 0.865 * 255) < 3, 'white-ish middle');
  const bottom = ((middle.y + middle.height - 1) * 400 + middle.x + 8) * 4;
  assert.ok(Math.abs(coolWarm.rgba[bottom + 2] - 0.752941 * 255) < 3, 'blue at the minimum');
});

test('scalar bar labels are evenly spaced values in ParaView’s %-#6.3g format', () => {
  const image = blankImage(640, 360);
  const layout = drawScalarBar(image, new LookupTable({ range: [33.1289, 286.252] }), { title: 'RTData' });
  assert.deepEqual(
    layout.labels.map((l) => l.text),
    ['33.1', '96.4', '160.', '223.', '286.'],
  );
  assert.ok(layout.title && layout.title.y + layout.title.height <= layout.bar.y + 1, 'title above the bar');
  const horizontal = drawScalarBar(blankImage(640, 360), new LookupTable({ range: [0, 1] }), {
    orientation: 'Horizontal',
    numberOfLabels: 3,
    labelFormat: '%.1f',
  });
  assert.equal(horizontal.bar.width, Math.round(0.33 * 640));
  assert.deepEqual(
    horizontal.labels.map((l) => l.text),
    ['0.0', '0.5', '1.0'],
  );
  assert.ok(horizontal.labels.every((l) => l.box.y >= horizontal.bar.y + horizontal.bar.height));
});
