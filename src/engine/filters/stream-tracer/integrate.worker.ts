/**
 * The stream line kernel (vtkStreamTracer's TracerIntegrator): integrates the normalised
 * vector field from each seed with Runge-Kutta 2, 4 or Cash–Karp 4(5), step sizes in cell
 * lengths, and records per point the interpolated input arrays, integration time, vorticity,
 * angular velocity and rotation, exactly in VTK's order of operations (including its
 * termination reasons). Runs in pool workers on shared geometry, or inline for few seeds.
 */
import type { TaskContext } from '../../workers/protocol.js';
import { derivatives } from '../cell-locator/cell-interpolation.js';
import { CellFinder, type ProbeGeometry, ProbeHit } from '../cell-locator/cell-locator.js';

export const Reason = {
  OUT_OF_DOMAIN: 1,
  NOT_INITIALIZED: 2,
  UNEXPECTED_VALUE: 3,
  OUT_OF_LENGTH: 4,
  OUT_OF_STEPS: 5,
  STAGNATION: 6,
} as const;

export interface TraceParameters {
  integrator: 'Runge-Kutta 2' | 'Runge-Kutta 4' | 'Runge-Kutta 4-5';
  /** Step lengths are multiples of the current cell's diagonal (else absolute lengths). */
  cellLengthUnit: boolean;
  initialStep: number;
  minimumStep: number;
  maximumStep: number;
  maximumSteps: number;
  maximumLength: number;
  terminalSpeed: number;
  maximumError: number;
  computeVorticity: boolean;
}

export interface TraceBatch {
  geometry: ProbeGeometry;
  /** The vector field: 3 components per point (or per cell with `cellVectors`). */
  vectors: Float32Array | Float64Array;
  cellVectors: boolean;
  /** Point arrays interpolated onto the stream lines (numeric values, `components` each). */
  arrays: { values: ArrayLike<number>; components: number }[];
  /** Seed coordinates, xyz. */
  seeds: Float64Array;
  /** Per line: seed index and direction (+1 forward, −1 backward). */
  lineSeeds: Int32Array;
  lineDirections: Int8Array;
  parameters: TraceParameters;
  begin: number;
  end: number;
}

export interface TraceResult {
  /** Points of each line of the batch (0 when the line was dropped). */
  counts: Int32Array;
  reasons: Int32Array;
  points: Float64Array;
  time: Float64Array;
  vorticity: Float64Array;
  rotation: Float64Array;
  angularVelocity: Float64Array;
  /** Interpolated input arrays, one per `arrays` entry, `components` values per point. */
  arrays: Float64Array[];
  /** Velocity at each point (the interpolated input vectors), for the normals. */
  velocity: Float64Array;
}

class Grow {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  last(): number {
    return this.data[this.length - 1];
  }
  result(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** The vector field seen by the integrators, with the hit of the last evaluation. */
class Field {
  readonly finder: CellFinder;
  readonly hit = new ProbeHit();
  normalize = false;
  constructor(
    geometry: ProbeGeometry,
    readonly vectors: ArrayLike<number>,
    readonly cellVectors: boolean,
  ) {
    this.finder = new CellFinder(geometry);
  }

  /** f(x) into out; false outside the domain. */
  values(x: Float64Array, out: Float64Array): boolean {
    if (!this.finder.find(x[0], x[1], x[2], this.hit)) return false;
    const v = this.vectors;
    out[0] = out[1] = out[2] = 0;
    if (this.cellVectors) {
      const c = this.hit.cell;
      out[0] = v[3 * c];
      out[1] = v[3 * c + 1];
      out[2] = v[3 * c + 2];
    } else {
      const { ids } = this.hit;
      const w = this.hit.location.weights;
      for (let k = 0; k < this.hit.count; k++) {
        const p = 3 * ids[k];
        out[0] += w[k] * v[p];
        out[1] += w[k] * v[p + 1];
        out[2] += w[k] * v[p + 2];
      }
    }
    if (this.normalize) {
      const n = Math.sqrt(out[0] * out[0] + out[1] * out[1] + out[2] * out[2]);
      if (n !== 0) {
        out[0] /= n;
        out[1] /= n;
        out[2] /= n;
      }
    }
    return true;
  }

  /** Squared diagonal of the bounding box of the last hit's cell (VTK's GetLength2). */
  cellLength2(points: ArrayLike<number>): number {
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let k = 0; k < this.hit.count; k++) {
      const p = 3 * this.hit.ids[k];
      for (let a = 0; a < 3; a++) {
        const c = points[p + a];
        if (c < lo[a]) lo[a] = c;
        if (c > hi[a]) hi[a] = c;
      }
    }
    let sum = 0;
    for (let a = 0; a < 3; a++) sum += (hi[a] - lo[a]) ** 2;
    return sum;
  }
}

/** vtkMath::Norm: Math.hypot rounds differently, and the speed feeds the step bookkeeping. */
function norm(v: Float64Array): number {
  return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

const SPLITTER = 134217729; // 2^27 + 1, Dekker's splitting constant

/** a·b as an unevaluated sum [product, rounding error] (Dekker; JavaScript has no fma). */
function twoProduct(a: number, b: number, out: Float64Array): void {
  const p = a * b;
  let c = SPLITTER * a;
  const aHigh = c - (c - a);
  const aLow = a - aHigh;
  c = SPLITTER * b;
  const bHigh = c - (c - b);
  const bLow = b - bHigh;
  out[0] = p;
  out[1] = aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

const product = new Float64Array(2);
/** The double 0.2 is 1/5 + 2⁻⁵⁴/5, so pow(x, −0.2) is x^(−1/5) · x^(−FIFTH_EXCESS). */
const FIFTH_EXCESS = 2 ** -54 / 5;

/**
 * pow(x, −0.25) or pow(x, −0.2) rounded to nearest, as C's pow gives them (V8's Math.pow is
 * off by an ulp for about one x in ten). vtkRungeKutta45 grows and shrinks its step with these
 * powers, and one ulp there changes the next step sizes and, a few dozen steps on, the line.
 * Refines Math.pow's value by one Newton step on y⁻ⁿ = x carried in double-double arithmetic.
 */
export function inverseRoot(x: number, n: 4 | 5): number {
  const y = x ** (n === 4 ? -0.25 : -0.2);
  if (!(x > 0) || !Number.isFinite(y) || y === 0 || !Number.isFinite(x)) return y;
  // x·yⁿ = 1 + r, evaluated to about 100 bits.
  let high = x;
  let low = 0;
  for (let i = 0; i < n; i++) {
    twoProduct(high, y, product);
    const error = product[1] + low * y;
    high = product[0] + error;
    low = error - (high - product[0]);
  }
  const r = high - 1 + low;
  const excess = n === 5 ? FIFTH_EXCESS * Math.log(x) : 0;
  return y - y * (r / n + excess);
}

/** Outcome of one integrator call: 0 or a Reason, the step actually taken, the next step size. */
interface Step {
  status: number;
  taken: number;
  next: number;
}

const A = [1 / 5, 3 / 10, 3 / 5, 1, 7 / 8];
const B = [
  [1 / 5],
  [3 / 40, 9 / 40],
  [3 / 10, -9 / 10, 6 / 5],
  [-11 / 54, 5 / 2, -70 / 27, 35 / 27],
  [1631 / 55296, 175 / 512, 575 / 13824, 44275 / 110592, 253 / 4096],
];
const C = [37 / 378, 0, 250 / 621, 125 / 594, 0, 512 / 1771];
const DC = [
  37 / 378 - 2825 / 27648,
  0,
  250 / 621 - 18575 / 48384,
  125 / 594 - 13525 / 55296,
  -277 / 14336,
  512 / 1771 - 1 / 4,
];

class Integrators {
  readonly #k = Array.from({ length: 6 }, () => new Float64Array(3));
  readonly #x = new Float64Array(3);
  constructor(readonly field: Field) {}

  /** Midpoint rule (vtkRungeKutta2). */
  rk2(x0: Float64Array, x1: Float64Array, h: number): Step {
    const [k1, k2] = this.#k;
    if (!this.field.values(x0, k1)) return this.#outside(x0, x1, 0, h);
    for (let i = 0; i < 3; i++) this.#x[i] = x0[i] + (h / 2) * k1[i];
    if (!this.field.values(this.#x, k2)) return this.#outside(this.#x, x1, h / 2, h);
    for (let i = 0; i < 3; i++) x1[i] = x0[i] + h * k2[i];
    return { status: 0, taken: h, next: h };
  }

  /** Classic fourth order (vtkRungeKutta4). */
  rk4(x0: Float64Array, x1: Float64Array, h: number): Step {
    const [k1, k2, k3, k4] = this.#k;
    const x = this.#x;
    if (!this.field.values(x0, k1)) return this.#outside(x0, x1, 0, h);
    for (let i = 0; i < 3; i++) x[i] = x0[i] + (h / 2) * k1[i];
    if (!this.field.values(x, k2)) return this.#outside(x, x1, h / 2, h);
    for (let i = 0; i < 3; i++) x[i] = x0[i] + (h / 2) * k2[i];
    if (!this.field.values(x, k3)) return this.#outside(x, x1, h / 2, h);
    for (let i = 0; i < 3; i++) x[i] = x0[i] + h * k3[i];
    if (!this.field.values(x, k4)) return this.#outside(x, x1, h, h);
    for (let i = 0; i < 3; i++) x1[i] = x0[i] + h * (k1[i] / 6 + k2[i] / 3 + k3[i] / 3 + k4[i] / 6);
    return { status: 0, taken: h, next: h };
  }

  #outside(at: Float64Array, x1: Float64Array, taken: number, h: number): Step {
    x1.set(at);
    return { status: Reason.OUT_OF_DOMAIN, taken, next: h };
  }

  /** One Cash–Karp step of size h; error estimate in `error[0]`. */
  #cashKarp(x0: Float64Array, x1: Float64Array, h: number, error: Float64Array): Step {
    const k = this.#k;
    const x = this.#x;
    if (!this.field.values(x0, k[0])) return this.#outside(x0, x1, 0, h);
    for (let s = 1; s < 6; s++) {
      for (let i = 0; i < 3; i++) {
        let sum = 0;
        for (let j = 0; j < s; j++) sum += B[s - 1][j] * k[j][i];
        x[i] = x0[i] + h * sum;
      }
      if (!this.field.values(x, k[s])) return this.#outside(x, x1, h * A[s - 1], h);
    }
    let err = 0;
    let unchanged = 0;
    for (let i = 0; i < 3; i++) {
      let sum = 0;
      let dsum = 0;
      for (let j = 0; j < 6; j++) {
        sum += C[j] * k[j][i];
        dsum += DC[j] * k[j][i];
      }
      x1[i] = x0[i] + h * sum;
      err += h * dsum * h * dsum;
      if (x1[i] === x0[i]) unchanged++;
    }
    error[0] = Math.sqrt(err);
    if (unchanged === 3) return { status: Reason.UNEXPECTED_VALUE, taken: h, next: h };
    return { status: 0, taken: h, next: h };
  }

  /** vtkRungeKutta45::ComputeNextStep: shrink/grow h until the error estimate is acceptable. */
  rk45(
    x0: Float64Array,
    x1: Float64Array,
    h: number,
    minStep: number,
    maxStep: number,
    maxError: number,
  ): Step {
    const error = new Float64Array(1);
    minStep = Math.abs(minStep);
    maxStep = Math.abs(maxStep);
    let absH = Math.abs(h);
    if ((minStep === absH && maxStep === absH) || maxError <= 0) return this.#cashKarp(x0, x1, h, error);
    if (minStep > maxStep) return { status: Reason.UNEXPECTED_VALUE, taken: 0, next: h };
    let estimate = Number.MAX_VALUE;
    let taken = 0;
    while (estimate > maxError) {
      const step = this.#cashKarp(x0, x1, h, error);
      if (step.status !== 0) return { ...step, next: h };
      taken = step.taken;
      estimate = error[0];
      absH = Math.abs(h);
      if (absH === minStep) break;
      const ratio = estimate / maxError;
      let proposal: number;
      if (ratio === 0) proposal = h < 0 ? -minStep : minStep;
      else if (ratio > 1) proposal = 0.9 * h * inverseRoot(ratio, 4);
      else proposal = 0.9 * h * inverseRoot(ratio, 5);
      const absProposal = Math.abs(proposal);
      let clamp = false;
      if (absProposal > maxStep) {
        h = (maxStep * h) / Math.abs(h);
        clamp = true;
      } else if (absProposal < minStep) {
        h = (minStep * h) / Math.abs(h);
        clamp = true;
      } else {
        h = proposal;
      }
      if (h === 0) return { status: Reason.UNEXPECTED_VALUE, taken, next: h };
      if (clamp) {
        const again = this.#cashKarp(x0, x1, h, error);
        if (again.status !== 0) return { ...again, next: h };
        taken = again.taken;
        break;
      }
    }
    return { status: 0, taken, next: h };
  }
}

export function traceStreamlines(batch: TraceBatch, context: TaskContext): TraceResult {
  const p = batch.parameters;
  const field = new Field(batch.geometry, batch.vectors, batch.cellVectors);
  const integrators = new Integrators(field);
  const points = batch.geometry.kind === 'cells' ? batch.geometry.points : undefined;
  const lineCount = batch.end - batch.begin;
  const counts = new Int32Array(lineCount);
  const reasons = new Int32Array(lineCount);
  const out = {
    points: new Grow(),
    time: new Grow(),
    vorticity: new Grow(),
    rotation: new Grow(),
    angular: new Grow(),
    velocity: new Grow(),
    arrays: batch.arrays.map(() => new Grow()),
  };
  const velocity = new Float64Array(3);
  const point1 = new Float64Array(3);
  const point2 = new Float64Array(3);
  const gradient = new Float64Array(9);
  const lastInserted = new Float32Array(3);
  const converted = new Float32Array(3);

  const cellLength = (): number => {
    if (points) return Math.sqrt(field.cellLength2(points));
    const g = batch.geometry;
    if (g.kind !== 'image') return 0;
    let sum = 0;
    for (let a = 0; a < 3; a++) if (g.dims[a] > 1) sum += g.spacing[a] ** 2;
    return Math.sqrt(sum);
  };
  const toLength = (interval: number, length: number) => (p.cellLengthUnit ? interval * length : interval);

  /** Records the point just located by the field (position point1). */
  const record = (time: number): void => {
    out.points.push(point1[0]);
    out.points.push(point1[1]);
    out.points.push(point1[2]);
    out.time.push(time);
    const hit = field.hit;
    const w = hit.location.weights;
    batch.arrays.forEach((array, a) => {
      const values = array.values;
      const n = array.components;
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (let k = 0; k < hit.count; k++) sum += w[k] * values[hit.ids[k] * n + c];
        out.arrays[a].push(sum);
      }
    });
    out.velocity.push(velocity[0]);
    out.velocity.push(velocity[1]);
    out.velocity.push(velocity[2]);
  };
  const recordVorticity = (speed: number, first: boolean): void => {
    if (!p.computeVorticity) return;
    let vx = 0;
    let vy = 0;
    let vz = 0;
    if (!batch.cellVectors) {
      derivatives(field.hit.location, batch.vectors, field.hit.ids, gradient);
      vx = gradient[7] - gradient[5];
      vy = gradient[2] - gradient[6];
      vz = gradient[3] - gradient[1];
    }
    out.vorticity.push(vx);
    out.vorticity.push(vy);
    out.vorticity.push(vz);
    const omega = speed !== 0 ? (vx * velocity[0] + vy * velocity[1] + vz * velocity[2]) / speed : 0;
    if (first) {
      out.angular.push(omega);
      out.rotation.push(0);
    } else {
      const previousOmega = out.angular.last();
      const previousRotation = out.rotation.last();
      const t = out.time.data;
      const dt = t[out.time.length - 1] - t[out.time.length - 2];
      out.angular.push(omega);
      out.rotation.push(previousRotation + ((previousOmega + omega) / 2) * dt);
    }
  };

  for (let line = batch.begin; line < batch.end; line++) {
    if ((line - batch.begin) % 4 === 0) {
      context.throwIfCancelled();
      context.progress((line - batch.begin) / Math.max(1, lineCount));
    }
    const direction = batch.lineDirections[line];
    const seed = batch.lineSeeds[line];
    field.finder.clearCache();
    for (let a = 0; a < 3; a++) point1[a] = point2[a] = batch.seeds[3 * seed + a];
    field.normalize = false;
    if (!field.values(point1, velocity)) continue;
    const firstPoint = out.points.length / 3;
    let numberOfPoints = 1;
    let propagation = 0;
    let steps = 0;
    let time = 0;
    record(time);
    lastInserted.set(point1);
    let length = cellLength();
    let speed = norm(velocity);
    let stepSize = 0;
    let minStep = 0;
    let maxStep = 0;
    const convert = () => {
      const step = direction * toLength(p.initialStep, length);
      minStep = p.minimumStep > 0 ? toLength(p.minimumStep, length) : step;
      maxStep = p.maximumStep > 0 ? toLength(p.maximumStep, length) : step;
      return step;
    };
    if (speed !== 0) stepSize = convert();
    recordVorticity(speed, true);
    let reason: number = Reason.OUT_OF_LENGTH;
    while (propagation < p.maximumLength) {
      if (steps > p.maximumSteps) {
        reason = Reason.OUT_OF_STEPS;
        break;
      }
      if (speed === 0 || speed <= p.terminalSpeed) {
        reason = Reason.STAGNATION;
        break;
      }
      if (propagation + Math.abs(stepSize) > p.maximumLength) {
        // The last step only reaches the maximum length (given in length units).
        const remaining = p.maximumLength - propagation;
        stepSize = stepSize >= 0 ? remaining : -remaining;
        maxStep = stepSize;
      }
      field.normalize = true;
      const step =
        p.integrator === 'Runge-Kutta 4-5'
          ? integrators.rk45(point1, point2, stepSize, minStep, maxStep, p.maximumError)
          : p.integrator === 'Runge-Kutta 4'
            ? integrators.rk4(point1, point2, stepSize)
            : integrators.rk2(point1, point2, stepSize);
      field.normalize = false;
      stepSize = step.next;
      if (step.status !== 0) {
        reason = step.status;
        break;
      }
      point1.set(point2);
      if (!field.values(point2, velocity)) {
        reason = Reason.OUT_OF_DOMAIN;
        break;
      }
      const speed2 = norm(velocity);
      if ((speed + speed2) / 2 <= p.terminalSpeed) {
        reason = Reason.STAGNATION;
        break;
      }
      time += step.taken / speed;
      propagation += Math.abs(stepSize);
      steps++;
      length = cellLength();
      speed = speed2;
      converted.set(point1);
      if (
        converted[0] !== lastInserted[0] ||
        converted[1] !== lastInserted[1] ||
        converted[2] !== lastInserted[2]
      ) {
        numberOfPoints++;
        record(time);
        lastInserted.set(converted);
        recordVorticity(speed, false);
      }
      if (speed === 0 || speed <= p.terminalSpeed) {
        reason = Reason.STAGNATION;
        break;
      }
      const fixed = convert();
      if (p.integrator === 'Runge-Kutta 4-5') {
        if (Math.abs(stepSize) < Math.abs(minStep))
          stepSize = (Math.abs(minStep) * stepSize) / Math.abs(stepSize);
        else if (Math.abs(stepSize) > Math.abs(maxStep))
          stepSize = (Math.abs(maxStep) * stepSize) / Math.abs(stepSize);
      } else {
        stepSize = fixed;
      }
    }
    if (numberOfPoints > 1) {
      counts[line - batch.begin] = numberOfPoints;
      reasons[line - batch.begin] = reason;
    } else {
      // A line of one point is dropped, as VTK does: rewind what was recorded for it.
      for (const g of [out.points, out.velocity, out.vorticity]) g.length = 3 * firstPoint;
      out.time.length = firstPoint;
      out.rotation.length = p.computeVorticity ? firstPoint : 0;
      out.angular.length = p.computeVorticity ? firstPoint : 0;
      batch.arrays.forEach((array, a) => {
        out.arrays[a].length = array.components * firstPoint;
      });
      if (!p.computeVorticity) out.vorticity.length = 0;
    }
  }
  context.progress(1);
  const result: TraceResult = {
    counts,
    reasons,
    points: out.points.result(),
    time: out.time.result(),
    vorticity: out.vorticity.result(),
    rotation: out.rotation.result(),
    angularVelocity: out.angular.result(),
    arrays: out.arrays.map((g) => g.result()),
    velocity: out.velocity.result(),
  };
  context.transfer(
    ...[
      result.points,
      result.time,
      result.vorticity,
      result.rotation,
      result.angularVelocity,
      result.velocity,
      ...result.arrays,
    ].map((a) => a.buffer as ArrayBuffer),
  );
  return result;
}
