/**
 * Sphere: vtkSphereSource. Points are laid out exactly as VTK does (poles first, then one
 * meridian of latitudes per theta step) so ids, counts and normals match ParaView: resolution
 * 710 × 710 gives 1,005,360 triangles.
 */
import { DataArray } from '../../data/data-array.js';
import { createPolyData } from '../../data/dataset.js';
import { resolveProperties } from '../properties.js';
import type { FilterDefinition, PropertySchema } from '../types.js';

const MAX_RESOLUTION = 1024;

const properties: readonly PropertySchema[] = [
  { name: 'Center', doc: 'Centre of the sphere.', type: 'numbers', size: 3, default: [0, 0, 0] },
  { name: 'Radius', doc: 'Radius of the sphere.', type: 'number', min: 0, default: 0.5 },
  {
    name: 'ThetaResolution',
    doc: 'Points around the z axis (longitude).',
    type: 'number',
    integer: true,
    min: 3,
    max: MAX_RESOLUTION,
    default: 8,
  },
  {
    name: 'PhiResolution',
    doc: 'Points from pole to pole (latitude), poles included.',
    type: 'number',
    integer: true,
    min: 3,
    max: MAX_RESOLUTION,
    default: 8,
  },
  { name: 'StartTheta', doc: 'First longitude, degrees.', type: 'number', min: 0, max: 360, default: 0 },
  { name: 'EndTheta', doc: 'Last longitude, degrees.', type: 'number', min: 0, max: 360, default: 360 },
  {
    name: 'StartPhi',
    doc: 'First colatitude, degrees (0 is +z).',
    type: 'number',
    min: 0,
    max: 180,
    default: 0,
  },
  { name: 'EndPhi', doc: 'Last colatitude, degrees.', type: 'number', min: 0, max: 180, default: 180 },
];

export interface SphereParameters {
  center: [number, number, number];
  radius: number;
  thetaResolution: number;
  phiResolution: number;
  startTheta: number;
  endTheta: number;
  startPhi: number;
  endPhi: number;
}

export function makeSphere(s: SphereParameters) {
  const degrees = Math.PI / 180;
  const localStartTheta = s.startTheta;
  let localEndTheta = s.endTheta;
  while (localEndTheta < localStartTheta) localEndTheta += 360;
  const partial = Math.abs(localStartTheta - localEndTheta) < 360;
  const hasNorth = s.startPhi <= 0;
  const hasSouth = s.endPhi >= 180;
  const numPoles = (hasNorth ? 1 : 0) + (hasSouth ? 1 : 0);
  const startTheta = Math.min(localStartTheta, localEndTheta) * degrees;
  const endTheta = Math.max(localStartTheta, localEndTheta) * degrees;
  const startPhi = Math.min(s.startPhi, s.endPhi) * degrees;
  const endPhi = Math.max(s.startPhi, s.endPhi) * degrees;
  const phiResolution = s.phiResolution - numPoles;
  const deltaPhi = (endPhi - startPhi) / (s.phiResolution - 1);
  // An open sweep needs one more meridian to close its last band.
  const meridians = s.thetaResolution + (partial ? 1 : 0);
  const deltaTheta = (endTheta - startTheta) / s.thetaResolution;
  const jStart = hasNorth ? 1 : 0;
  const jEnd = hasSouth ? s.phiResolution - 1 : s.phiResolution;

  const pointCount = numPoles + meridians * (jEnd - jStart);
  const points = new Float32Array(pointCount * 3);
  const normals = new Float32Array(pointCount * 3);
  let p = 0;
  const [cx, cy, cz] = s.center;
  if (hasNorth) {
    points.set([cx, cy, cz + s.radius], 3 * p);
    normals.set([0, 0, 1], 3 * p++);
  }
  if (hasSouth) {
    points.set([cx, cy, cz - s.radius], 3 * p);
    normals.set([0, 0, -1], 3 * p++);
  }
  for (let i = 0; i < meridians; i++) {
    const theta = localStartTheta * degrees + i * deltaTheta;
    const cosTheta = Math.cos(theta);
    const sinTheta = Math.sin(theta);
    for (let j = jStart; j < jEnd; j++) {
      const phi = startPhi + j * deltaPhi;
      const ring = s.radius * Math.sin(phi);
      const nx = ring * cosTheta;
      const ny = ring * sinTheta;
      const nz = s.radius * Math.cos(phi);
      points[3 * p] = nx + cx;
      points[3 * p + 1] = ny + cy;
      points[3 * p + 2] = nz + cz;
      const norm = Math.hypot(nx, ny, nz) || 1;
      normals[3 * p] = nx / norm;
      normals[3 * p + 1] = ny / norm;
      normals[3 * p + 2] = nz / norm;
      p++;
    }
  }

  const base = phiResolution * meridians;
  const bands = partial ? meridians - 1 : meridians;
  const triangles =
    (hasNorth ? bands : 0) + (hasSouth ? bands : 0) + bands * Math.max(0, phiResolution - 1) * 2;
  const connectivity = new Int32Array(triangles * 3);
  let c = 0;
  const push = (a: number, b: number, d: number) => {
    connectivity[c++] = a;
    connectivity[c++] = b;
    connectivity[c++] = d;
  };
  if (hasNorth) {
    for (let i = 0; i < bands; i++) {
      push(phiResolution * i + numPoles, ((phiResolution * (i + 1)) % base) + numPoles, 0);
    }
  }
  if (hasSouth) {
    const offset = phiResolution - 1 + numPoles;
    for (let i = 0; i < bands; i++) {
      push(phiResolution * i + offset, numPoles - 1, ((phiResolution * (i + 1)) % base) + offset);
    }
  }
  for (let i = 0; i < bands; i++) {
    for (let j = 0; j < phiResolution - 1; j++) {
      const a = phiResolution * i + j + numPoles;
      const d = ((phiResolution * (i + 1) + j) % base) + numPoles + 1;
      push(a, a + 1, d);
      push(a, d, d - 1);
    }
  }
  const offsets = new Int32Array(triangles + 1);
  for (let t = 0; t <= triangles; t++) offsets[t] = 3 * t;
  const sphere = createPolyData({
    points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
    polys: { offsets, connectivity },
  });
  sphere.pointData.setAttribute(
    'normals',
    new DataArray({ name: 'Normals', values: normals, numberOfComponents: 3 }),
  );
  return sphere;
}

export const sphereSource: FilterDefinition = {
  name: 'Sphere',
  kind: 'source',
  description:
    'Triangulated sphere of vtkSphereSource (poles, then latitude rings per longitude), with point Normals. ' +
    'Output: PolyData of triangles.',
  inputs: { min: 0, max: 0 },
  properties,
  async execute(_inputs, values) {
    const p = resolveProperties('Sphere', properties, values);
    return makeSphere({
      center: p.Center as [number, number, number],
      radius: p.Radius as number,
      thetaResolution: p.ThetaResolution as number,
      phiResolution: p.PhiResolution as number,
      startTheta: p.StartTheta as number,
      endTheta: p.EndTheta as number,
      startPhi: p.StartPhi as number,
      endPhi: p.EndPhi as number,
    });
  },
};
