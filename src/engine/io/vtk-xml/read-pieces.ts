/**
 * Turning one `<Piece>` of each dataset kind into the data model: points, cells, attributes,
 * with every array checked against the counts the piece declares.
 */
import { throwIfAborted } from '../../../errors.js';
import {
  type AnyArray,
  type AttributeRole,
  DataSetAttributes,
  FieldData,
  StringArray,
} from '../../data/attributes.js';
import { type CellArray, emptyCellArray, type IndexArray } from '../../data/cell-array.js';
import { DataArray } from '../../data/data-array.js';
import {
  createImageData,
  createPolyData,
  createRectilinearGrid,
  createStructuredGrid,
  createUnstructuredGrid,
  type Extent,
  type ImageData,
  type Matrix3,
  type PolyData,
  type PolyhedronFaces,
  type RectilinearGrid,
  type StructuredGrid,
  type UnstructuredGrid,
  type Vec3,
} from '../../data/dataset.js';
import { dimensionsOf, structuredCellCount } from '../../data/queries.js';
import { type ArrayContext, readDataArrayValues, readIdArray, readStringValues } from './array-reader.js';
import {
  checkOffsets,
  polyhedronFacesFromFaceLists,
  polyhedronFacesFromStreams,
  toCellTypes,
} from './cell-checks.js';
import { type Limiter, settle } from './concurrency.js';
import {
  countAttribute,
  elementError,
  isArrayElement,
  numberListAttribute,
  parseDataArrayHeader,
} from './data-array-header.js';
import { childNamed, type XmlElement } from './xml-document.js';

export interface ReadContext extends ArrayContext {
  signal: AbortSignal | undefined;
  /** Bounds how many arrays are read at once. */
  limiter: Limiter;
}

/** VTK attribute names on <PointData>/<CellData> → data model roles. */
export const ATTRIBUTE_XML_NAMES: readonly [string, AttributeRole][] = [
  ['Scalars', 'scalars'],
  ['Vectors', 'vectors'],
  ['Normals', 'normals'],
  ['TCoords', 'tcoords'],
  ['Tensors', 'tensors'],
  ['GlobalIds', 'globalIds'],
];

function errorAt(ctx: ReadContext, element: XmlElement, detail: string): never {
  throw elementError(ctx.file, ctx.doc, element, detail);
}

/** One array element (numeric or string); `tuples` is the count the piece implies, if any. */
export async function readArrayElement(
  ctx: ReadContext,
  element: XmlElement,
  tuples: number | undefined,
  what: string,
): Promise<AnyArray> {
  return ctx.limiter.run(() => readArrayNow(ctx, element, tuples, what));
}

async function readArrayNow(
  ctx: ReadContext,
  element: XmlElement,
  tuples: number | undefined,
  what: string,
): Promise<AnyArray> {
  throwIfAborted(ctx.signal, `reading ${ctx.file}`);
  const header = parseDataArrayHeader(ctx.file, ctx.doc, element);
  const label = `${what} '${header.name}'`;
  if (header.numberOfTuples !== undefined) {
    if (tuples !== undefined && header.numberOfTuples !== tuples) {
      errorAt(
        ctx,
        element,
        `${label}: NumberOfTuples="${header.numberOfTuples}" but the piece has ${tuples}`,
      );
    }
    tuples = header.numberOfTuples;
  }
  if (header.type === 'String') {
    const strings = await readStringValues(ctx, element, header, label);
    if (tuples !== undefined && strings.length !== tuples * header.numberOfComponents) {
      errorAt(ctx, element, `${label}: holds ${strings.length} strings but ${tuples} tuples are expected`);
    }
    return new StringArray(header.name, strings);
  }
  const expected = tuples === undefined ? undefined : tuples * header.numberOfComponents;
  const values = await readDataArrayValues(ctx, element, header, expected, label);
  if (values.length % header.numberOfComponents !== 0) {
    errorAt(
      ctx,
      element,
      `${label}: ${values.length} values is not a multiple of ${header.numberOfComponents} components`,
    );
  }
  return new DataArray({
    name: header.name,
    values,
    numberOfComponents: header.numberOfComponents,
    componentNames: header.componentNames,
  });
}

/** `<FieldData>`: arrays of any length. */
export async function readFieldData(ctx: ReadContext, element: XmlElement | undefined): Promise<FieldData> {
  const fields = new FieldData();
  if (!element) return fields;
  const arrays = await settle(
    arrayElements(element).map((child) => readArrayElement(ctx, child, undefined, 'FieldData array')),
  );
  for (const array of arrays) fields.add(array);
  return fields;
}

/** `<PointData>` or `<CellData>`: one tuple per point or cell, plus the active attributes. */
export async function readAttributes(
  ctx: ReadContext,
  element: XmlElement | undefined,
  tuples: number,
): Promise<DataSetAttributes> {
  const attributes = new DataSetAttributes();
  if (!element) return attributes;
  const arrays = await settle(
    arrayElements(element).map((child) => readArrayElement(ctx, child, tuples, `${element.name} array`)),
  );
  for (const array of arrays) attributes.add(array);
  for (const [xmlName, role] of ATTRIBUTE_XML_NAMES) {
    const name = element.attributes.get(xmlName);
    if (name !== undefined && attributes.has(name)) attributes.setActive(role, name);
  }
  return attributes;
}

function arrayElements(element: XmlElement): XmlElement[] {
  return element.children.filter(isArrayElement);
}

/** The array child called `name` (by its Name attribute), else the one at `position`. */
function arrayNamed(element: XmlElement, name: string, position?: number): XmlElement | undefined {
  const arrays = arrayElements(element);
  const named = arrays.find((a) => a.attributes.get('Name') === name);
  if (named) return named;
  if (position === undefined) return undefined;
  const candidate = arrays[position];
  return candidate && !candidate.attributes.has('Name') ? candidate : undefined;
}

async function readPoints(ctx: ReadContext, piece: XmlElement, numberOfPoints: number): Promise<DataArray> {
  const pointsElement = childNamed(piece, 'Points');
  const arrayElement = pointsElement && arrayElements(pointsElement)[0];
  if (!arrayElement) {
    if (numberOfPoints === 0) return DataArray.allocate('Points', 'Float32', 0, 3);
    errorAt(ctx, piece, `<Piece> has ${numberOfPoints} points but no <Points> array`);
  }
  const header = parseDataArrayHeader(ctx.file, ctx.doc, arrayElement);
  if (header.numberOfComponents !== 3) {
    errorAt(ctx, arrayElement, `Points array has ${header.numberOfComponents} components, 3 expected`);
  }
  const points = await readArrayElement(ctx, arrayElement, numberOfPoints, 'Points array');
  if (!(points instanceof DataArray)) errorAt(ctx, arrayElement, 'Points array is a String array');
  return points;
}

function pieceCount(ctx: ReadContext, piece: XmlElement, attribute: string, required: boolean): number {
  const value = countAttribute(ctx.file, ctx.doc, piece, attribute);
  if (value === undefined) {
    if (required) errorAt(ctx, piece, `<Piece> has no ${attribute} attribute`);
    return 0;
  }
  return value;
}

/** connectivity + offsets under `element` (Cells, Verts, Lines, Strips or Polys). */
async function readCellArray(
  ctx: ReadContext,
  element: XmlElement | undefined,
  numberOfCells: number,
  numberOfPoints: number,
  what: string,
): Promise<CellArray> {
  const connectivityElement = element && arrayNamed(element, 'connectivity', 0);
  const offsetsElement = element && arrayNamed(element, 'offsets', 1);
  if (!element || !connectivityElement || !offsetsElement) {
    if (numberOfCells === 0) return emptyCellArray();
    errorAt(
      ctx,
      element ?? ctx.doc.root,
      `${what}: ${numberOfCells} cells but no connectivity/offsets arrays`,
    );
  }
  // Connectivity first: it is the largest array and its ids are converted as they arrive.
  const connectivityRead = ctx.limiter.run(() =>
    readIdArray(
      ctx,
      connectivityElement,
      parseDataArrayHeader(ctx.file, ctx.doc, connectivityElement),
      undefined,
      { leadingZero: false, pointLimit: numberOfPoints },
      `${what} connectivity`,
    ),
  );
  const offsetsRead = ctx.limiter.run(() =>
    readIdArray(
      ctx,
      offsetsElement,
      parseDataArrayHeader(ctx.file, ctx.doc, offsetsElement),
      numberOfCells,
      { leadingZero: true },
      `${what} offsets`,
    ),
  );
  const [connectivity, offsets] = await settle([connectivityRead, offsetsRead] as const);
  const cells = { offsets, connectivity };
  checkOffsets(cells, (detail) => errorAt(ctx, offsetsElement, `${what}: ${detail}`));
  return cells;
}

async function readIds(
  ctx: ReadContext,
  element: XmlElement,
  leadingZero: boolean,
  what: string,
): Promise<IndexArray> {
  return ctx.limiter.run(() =>
    readIdArray(
      ctx,
      element,
      parseDataArrayHeader(ctx.file, ctx.doc, element),
      undefined,
      { leadingZero },
      what,
    ),
  );
}

function withLeadingZero(values: IndexArray): IndexArray {
  const out =
    values instanceof Float64Array ? new Float64Array(values.length + 1) : new Int32Array(values.length + 1);
  out.set(values, 1);
  return out;
}

async function readPolyhedra(
  ctx: ReadContext,
  cellsElement: XmlElement,
  numberOfCells: number,
  numberOfPoints: number,
): Promise<PolyhedronFaces | undefined> {
  const fail = (detail: string): never => errorAt(ctx, cellsElement, `Cells: ${detail}`);
  const faces = arrayNamed(cellsElement, 'faces');
  const faceEnds = arrayNamed(cellsElement, 'faceoffsets');
  if (faces && faceEnds) {
    const ends = await readIds(ctx, faceEnds, false, 'Cells faceoffsets');
    if (ends.length !== numberOfCells)
      fail(`faceoffsets has ${ends.length} entries for ${numberOfCells} cells`);
    return polyhedronFacesFromStreams(
      await readIds(ctx, faces, false, 'Cells faces'),
      ends,
      numberOfPoints,
      fail,
    );
  }
  const faceConnectivity = arrayNamed(cellsElement, 'face_connectivity');
  const faceOffsets = arrayNamed(cellsElement, 'face_offsets');
  const toFaces = arrayNamed(cellsElement, 'polyhedron_to_faces');
  const polyhedronOffsets = arrayNamed(cellsElement, 'polyhedron_offsets');
  if (faceConnectivity && faceOffsets && toFaces && polyhedronOffsets) {
    const faceOffsetsValues = await readIds(ctx, faceOffsets, false, 'Cells face_offsets');
    const polyhedronOffsetsValues = await readIds(ctx, polyhedronOffsets, false, 'Cells polyhedron_offsets');
    // Offsets may be written with or without their leading 0; the data model wants it. Face
    // offsets without it start at the size of face 0, which is never 0.
    const faceOffsetsHasLead = faceOffsetsValues.length > 0 && faceOffsetsValues[0] === 0;
    const polyhedronOffsetsHasLead = polyhedronOffsetsValues.length === numberOfCells + 1;
    return polyhedronFacesFromFaceLists(
      await readIds(ctx, faceConnectivity, false, 'Cells face_connectivity'),
      faceOffsetsHasLead ? faceOffsetsValues : withLeadingZero(faceOffsetsValues),
      await readIds(ctx, toFaces, false, 'Cells polyhedron_to_faces'),
      polyhedronOffsetsHasLead ? polyhedronOffsetsValues : withLeadingZero(polyhedronOffsetsValues),
      numberOfCells,
      numberOfPoints,
      fail,
    );
  }
  return undefined;
}

async function readCommon(ctx: ReadContext, piece: XmlElement, points: number, cells: number) {
  const [pointData, cellData] = await settle([
    readAttributes(ctx, childNamed(piece, 'PointData'), points),
    readAttributes(ctx, childNamed(piece, 'CellData'), cells),
  ] as const);
  return { pointData, cellData };
}

export async function readUnstructuredPiece(ctx: ReadContext, piece: XmlElement): Promise<UnstructuredGrid> {
  const numberOfPoints = pieceCount(ctx, piece, 'NumberOfPoints', true);
  const numberOfCells = pieceCount(ctx, piece, 'NumberOfCells', true);
  const cellsRead = readUnstructuredCells(ctx, piece, numberOfCells, numberOfPoints);
  const [common, points, cells] = await settle([
    readCommon(ctx, piece, numberOfPoints, numberOfCells),
    readPoints(ctx, piece, numberOfPoints),
    cellsRead,
  ] as const);
  const grid = createUnstructuredGrid({ points, ...cells });
  return Object.assign(grid, common);
}

async function readUnstructuredCells(
  ctx: ReadContext,
  piece: XmlElement,
  numberOfCells: number,
  numberOfPoints: number,
): Promise<{ cells: CellArray; cellTypes: Uint8Array; polyhedronFaces: PolyhedronFaces | undefined }> {
  const cellsElement = childNamed(piece, 'Cells');
  const typesElement = cellsElement && arrayNamed(cellsElement, 'types', 2);
  if (!cellsElement || !typesElement) {
    if (numberOfCells > 0)
      errorAt(ctx, cellsElement ?? piece, `Cells: ${numberOfCells} cells but no types array`);
    return { cells: emptyCellArray(), cellTypes: new Uint8Array(0), polyhedronFaces: undefined };
  }
  const typesRead = ctx.limiter.run(async () => {
    const header = parseDataArrayHeader(ctx.file, ctx.doc, typesElement);
    const values = await readDataArrayValues(ctx, typesElement, header, numberOfCells, 'Cells types');
    return toCellTypes(values, (detail) => errorAt(ctx, typesElement, `Cells: ${detail}`));
  });
  const [cells, cellTypes] = await settle([
    readCellArray(ctx, cellsElement, numberOfCells, numberOfPoints, 'Cells'),
    typesRead,
  ] as const);
  const polyhedronFaces = await readPolyhedra(ctx, cellsElement, numberOfCells, numberOfPoints);
  return { cells, cellTypes, polyhedronFaces };
}

const POLY_KINDS = [
  ['verts', 'Verts', 'NumberOfVerts'],
  ['lines', 'Lines', 'NumberOfLines'],
  ['strips', 'Strips', 'NumberOfStrips'],
  ['polys', 'Polys', 'NumberOfPolys'],
] as const;

export async function readPolyPiece(ctx: ReadContext, piece: XmlElement): Promise<PolyData> {
  const numberOfPoints = pieceCount(ctx, piece, 'NumberOfPoints', true);
  const counts = POLY_KINDS.map(([, , attribute]) => pieceCount(ctx, piece, attribute, false));
  const numberOfCells = counts.reduce((a, b) => a + b, 0);
  const [common, points, verts, lines, strips, polys] = await settle([
    readCommon(ctx, piece, numberOfPoints, numberOfCells),
    readPoints(ctx, piece, numberOfPoints),
    ...POLY_KINDS.map(([, elementName], k) =>
      readCellArray(ctx, childNamed(piece, elementName), counts[k], numberOfPoints, elementName),
    ),
  ] as const);
  return Object.assign(createPolyData({ points, verts, lines, strips, polys }), common);
}

function pieceExtent(ctx: ReadContext, dataset: XmlElement, piece: XmlElement): Extent {
  const extent =
    numberListAttribute(ctx.file, ctx.doc, piece, 'Extent', 6, true) ??
    numberListAttribute(ctx.file, ctx.doc, dataset, 'WholeExtent', 6, true);
  if (!extent) errorAt(ctx, piece, '<Piece> has no Extent');
  const dims = dimensionsOf(extent as Extent);
  if (!Number.isSafeInteger(dims[0] * dims[1] * dims[2]))
    errorAt(ctx, piece, `Extent ${extent.join(' ')} is too large`);
  return extent as Extent;
}

function pointCount(extent: Extent): number {
  const [nx, ny, nz] = dimensionsOf(extent);
  return nx * ny * nz;
}

export async function readImagePiece(
  ctx: ReadContext,
  dataset: XmlElement,
  piece: XmlElement,
): Promise<ImageData> {
  const extent = pieceExtent(ctx, dataset, piece);
  const image = createImageData({
    extent,
    origin: numberListAttribute(ctx.file, ctx.doc, dataset, 'Origin', 3) as Vec3 | undefined,
    spacing: numberListAttribute(ctx.file, ctx.doc, dataset, 'Spacing', 3) as Vec3 | undefined,
    direction: numberListAttribute(ctx.file, ctx.doc, dataset, 'Direction', 9) as Matrix3 | undefined,
  });
  return Object.assign(image, await readCommon(ctx, piece, pointCount(extent), structuredCellCount(extent)));
}

export async function readRectilinearPiece(
  ctx: ReadContext,
  dataset: XmlElement,
  piece: XmlElement,
): Promise<RectilinearGrid> {
  const extent = pieceExtent(ctx, dataset, piece);
  const dims = dimensionsOf(extent);
  const coordinatesElement = childNamed(piece, 'Coordinates');
  const arrays = coordinatesElement ? arrayElements(coordinatesElement) : [];
  if (arrays.length !== 3)
    errorAt(ctx, coordinatesElement ?? piece, `<Coordinates> must hold 3 arrays, found ${arrays.length}`);
  const readAxis = async (axis: number): Promise<DataArray> => {
    const header = parseDataArrayHeader(ctx.file, ctx.doc, arrays[axis]);
    if (header.numberOfComponents !== 1)
      errorAt(ctx, arrays[axis], 'coordinate arrays must have 1 component');
    const array = await readArrayElement(ctx, arrays[axis], dims[axis], `${'xyz'[axis]} Coordinates array`);
    if (!(array instanceof DataArray)) errorAt(ctx, arrays[axis], 'coordinate array is a String array');
    return array;
  };
  const [common, ...axes] = await settle([
    readCommon(ctx, piece, pointCount(extent), structuredCellCount(extent)),
    readAxis(0),
    readAxis(1),
    readAxis(2),
  ] as const);
  const grid = createRectilinearGrid({
    extent,
    xCoordinates: axes[0],
    yCoordinates: axes[1],
    zCoordinates: axes[2],
  });
  return Object.assign(grid, common);
}

export async function readStructuredPiece(
  ctx: ReadContext,
  dataset: XmlElement,
  piece: XmlElement,
): Promise<StructuredGrid> {
  const extent = pieceExtent(ctx, dataset, piece);
  const numberOfPoints = pointCount(extent);
  const [common, points] = await settle([
    readCommon(ctx, piece, numberOfPoints, structuredCellCount(extent)),
    readPoints(ctx, piece, numberOfPoints),
  ] as const);
  return Object.assign(createStructuredGrid({ extent, points }), common);
}
