/**
 * The scalar bar (colour legend), laid out like ParaView's default: a vertical bar in the
 * lower-right corner, the title above it, tick marks and printf-formatted labels beside it.
 * The bar's colours come from the lookup table at the bar's own positions, so it shows the
 * discretisation, log scale and inversion the surfaces are painted with.
 */
import type { LookupTable } from '../color/lookup-table.js';
import {
  blendPixel,
  drawText,
  measureText,
  type PixelBox,
  type RgbaImage,
  type TextColor,
} from './draw-text.js';
import { formatNumber } from './printf.js';

export type ScalarBarOrientation = 'Vertical' | 'Horizontal';

export interface ScalarBarProps {
  /** Text above the bar (ParaView shows the array name). */
  title?: string;
  /** Lower-left corner of the bar as fractions of the image [x, y] (y up, like ParaView's Position); default the lower-right corner. */
  position?: readonly [number, number];
  /** Default Vertical. */
  orientation?: ScalarBarOrientation;
  /** Labels evenly spaced from the range minimum to maximum, both included (default 5). */
  numberOfLabels?: number;
  /** printf format of the labels (ParaView's LabelFormat, default "%-#6.3g"). */
  labelFormat?: string;
  /** Label font size in pixels (ParaView's LabelFontSize, default 16). */
  size?: number;
  /** Title font size in pixels (ParaView's TitleFontSize, default 16). */
  titleSize?: number;
  /** Bar length as a fraction of the image height (vertical) or width (horizontal); default 0.33. */
  barLength?: number;
  /** Bar thickness in pixels (ParaView's ScalarBarThickness, default 16). */
  barThickness?: number;
  /** Colour of text and ticks, default white. */
  textColor?: TextColor;
  /** Draw tick marks at the labels (default true). */
  drawTickMarks?: boolean;
}

export interface ScalarBarLabel {
  value: number;
  text: string;
  /** Pixels the label may have touched. */
  box: PixelBox;
}

export interface ScalarBarLayout {
  /** The coloured rectangle; the range minimum is at its bottom (vertical) or left (horizontal). */
  bar: PixelBox;
  labels: ScalarBarLabel[];
  title: PixelBox | undefined;
}

/** Gap in pixels between bar, ticks, labels and title, and from the image edge. */
const GAP = 4;
const MARGIN = 12;
const TICK_LENGTH = 4;

function labelValues(lut: LookupTable, count: number): number[] {
  const [min, max] = lut.range;
  if (count < 2) return [min];
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const f = i / (count - 1);
    // Under log scale the labels are evenly spaced in decades, like the colours.
    values.push(lut.useLogScale && min > 0 ? min * (max / min) ** f : min + f * (max - min));
  }
  return values;
}

function fillBar(image: RgbaImage, bar: PixelBox, lut: LookupTable, vertical: boolean): void {
  const length = vertical ? bar.height : bar.width;
  for (let step = 0; step < length; step++) {
    // Sample at each pixel's centre along the bar, in the table's normalised space.
    const t = (step + 0.5) / length;
    const [min, max] = lut.range;
    const value = lut.useLogScale && min > 0 ? min * (max / min) ** t : min + t * (max - min);
    const [r, g, b, a] = lut.mapValue(value);
    const color: TextColor = [r, g, b, a];
    for (let across = 0; across < (vertical ? bar.width : bar.height); across++) {
      const column = vertical ? bar.x + across : bar.x + step;
      const row = vertical ? bar.y + bar.height - 1 - step : bar.y + across;
      if (column < 0 || row < 0 || column >= image.width || row >= image.height) continue;
      blendPixel(image, (row * image.width + column) * 4, color, 1);
    }
  }
}

function drawLine(image: RgbaImage, x0: number, y0: number, x1: number, y1: number, color: TextColor): void {
  for (let row = Math.min(y0, y1); row <= Math.max(y0, y1); row++) {
    for (let column = Math.min(x0, x1); column <= Math.max(x0, x1); column++) {
      if (column < 0 || row < 0 || column >= image.width || row >= image.height) continue;
      blendPixel(image, (row * image.width + column) * 4, color, 1);
    }
  }
}

/** Draws the scalar bar of `lut` into `target` and returns where everything went. */
export function drawScalarBar(
  target: RgbaImage,
  lut: LookupTable,
  props: ScalarBarProps = {},
): ScalarBarLayout {
  const vertical = (props.orientation ?? 'Vertical') === 'Vertical';
  const size = props.size ?? 16;
  const titleSize = props.titleSize ?? 16;
  const thickness = props.barThickness ?? 16;
  const color = props.textColor ?? [1, 1, 1];
  const format = props.labelFormat ?? '%-#6.3g';
  const values = labelValues(lut, props.numberOfLabels ?? 5);
  const texts = values.map((v) => formatNumber(format, v).trim());
  const labelWidth = Math.max(...texts.map((t) => measureText(t, size).width));
  const labelHeight = measureText('0', size).capHeight;
  const titleMetrics = measureText(props.title ?? '', titleSize);
  const length = Math.round((props.barLength ?? 0.33) * (vertical ? target.height : target.width));

  let bar: PixelBox;
  if (vertical) {
    const widgetWidth = thickness + TICK_LENGTH + GAP + labelWidth;
    const x = props.position
      ? Math.round(props.position[0] * target.width)
      : Math.round(target.width - MARGIN - widgetWidth);
    const bottom = props.position
      ? Math.round((1 - props.position[1]) * target.height)
      : target.height - MARGIN - Math.ceil(labelHeight / 2);
    bar = { x, y: bottom - length, width: thickness, height: length };
  } else {
    const x = props.position
      ? Math.round(props.position[0] * target.width)
      : Math.round(target.width - MARGIN - length - labelWidth / 2);
    const bottom = props.position
      ? Math.round((1 - props.position[1]) * target.height)
      : target.height - MARGIN - TICK_LENGTH - GAP - labelHeight - measureText('0', size).descent;
    bar = { x, y: bottom - thickness, width: length, height: thickness };
  }
  fillBar(target, bar, lut, vertical);

  const labels: ScalarBarLabel[] = values.map((value, index) => {
    const f = values.length > 1 ? index / (values.length - 1) : 0;
    const text = texts[index];
    if (vertical) {
      const row = Math.round(bar.y + bar.height - 1 - f * (bar.height - 1));
      if (props.drawTickMarks ?? true) {
        drawLine(target, bar.x + bar.width, row, bar.x + bar.width + TICK_LENGTH - 1, row, color);
      }
      // Labels at the ends stay within the bar's extent instead of hanging past it.
      const middle = Math.min(
        Math.max(row + 0.5, bar.y + labelHeight / 2),
        bar.y + bar.height - labelHeight / 2,
      );
      const box = drawText(target, text, bar.x + bar.width + TICK_LENGTH + GAP, middle, {
        size,
        color,
        verticalAlign: 'middle',
      });
      return { value, text, box };
    }
    const column = Math.round(bar.x + f * (bar.width - 1));
    if (props.drawTickMarks ?? true) {
      drawLine(target, column, bar.y + bar.height, column, bar.y + bar.height + TICK_LENGTH - 1, color);
    }
    const box = drawText(target, text, column + 0.5, bar.y + bar.height + TICK_LENGTH + GAP, {
      size,
      color,
      align: 'center',
      verticalAlign: 'top',
    });
    return { value, text, box };
  });

  let title: PixelBox | undefined;
  if (props.title) {
    const baseline = bar.y - GAP - titleMetrics.descent;
    title = vertical
      ? drawText(target, props.title, Math.min(bar.x, target.width - MARGIN - titleMetrics.width), baseline, {
          size: titleSize,
          color,
        })
      : drawText(target, props.title, bar.x + bar.width / 2, baseline, {
          size: titleSize,
          color,
          align: 'center',
        });
  }
  return { bar, labels, title };
}
