/**
 * The affine map of ParaView's Transform property (vtkPVTransform): translate, then rotate about
 * z, x and y (degrees, VTK's pre-multiplied order Translate·Rz·Rx·Ry·Scale), applied to column
 * vectors: p' = L·p + t.
 */

export interface TransformParameters {
  translate: [number, number, number];
  /** Degrees about x, y and z. */
  rotate: [number, number, number];
  scale: [number, number, number];
}

export interface AffineMap {
  /** Row-major 3×3 linear part. */
  linear: Float64Array;
  translation: Float64Array;
  /** Row-major 3×3 map for normals: the inverse transpose of `linear` (zero rows where singular). */
  normal: Float64Array;
}

function multiply(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      out[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
  return out;
}

function rotation(axis: 0 | 1 | 2, degrees: number): Float64Array {
  const r = (degrees * Math.PI) / 180;
  const c = Math.cos(r);
  const s = Math.sin(r);
  switch (axis) {
    case 0:
      return Float64Array.of(1, 0, 0, 0, c, -s, 0, s, c);
    case 1:
      return Float64Array.of(c, 0, s, 0, 1, 0, -s, 0, c);
    default:
      return Float64Array.of(c, -s, 0, s, c, 0, 0, 0, 1);
  }
}

export function affineMap(p: TransformParameters): AffineMap {
  const rotate = multiply(
    multiply(rotation(2, p.rotate[2]), rotation(0, p.rotate[0])),
    rotation(1, p.rotate[1]),
  );
  const linear = multiply(rotate, Float64Array.of(p.scale[0], 0, 0, 0, p.scale[1], 0, 0, 0, p.scale[2]));
  // (R·S)^-T = R·S^-1 because R is orthonormal.
  const inverseScale = p.scale.map((s) => (s !== 0 ? 1 / s : 0));
  const normal = multiply(
    rotate,
    Float64Array.of(inverseScale[0], 0, 0, 0, inverseScale[1], 0, 0, 0, inverseScale[2]),
  );
  return { linear, translation: Float64Array.from(p.translate), normal };
}

/** out = m · (x, y, z) (+ t when given), for every tuple of a 3-component array. */
export function mapTuples(
  m: Float64Array,
  values: ArrayLike<number>,
  out: { [i: number]: number; length: number },
  translation?: Float64Array,
  normalize = false,
): void {
  const tx = translation ? translation[0] : 0;
  const ty = translation ? translation[1] : 0;
  const tz = translation ? translation[2] : 0;
  for (let i = 0; i + 2 < values.length; i += 3) {
    const x = values[i];
    const y = values[i + 1];
    const z = values[i + 2];
    let a = m[0] * x + m[1] * y + m[2] * z + tx;
    let b = m[3] * x + m[4] * y + m[5] * z + ty;
    let c = m[6] * x + m[7] * y + m[8] * z + tz;
    if (normalize) {
      const length = Math.sqrt(a * a + b * b + c * c);
      if (length > 0) {
        a /= length;
        b /= length;
        c /= length;
      }
    }
    out[i] = a;
    out[i + 1] = b;
    out[i + 2] = c;
  }
}
