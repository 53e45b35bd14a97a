/**
 * The layout of a VTK XML file for a dataset: the XML text in order, with a slot wherever an
 * array goes. The writer fills the slots (appended references or inline ascii); keeping the
 * layout separate keeps one description of each dataset kind for both encodings.
 */
import {
  type AttributeRole,
  type DataSetAttributes,
  type FieldData,
  StringArray,
} from '../../data/attributes.js';
import type { CellArray, IndexArray } from '../../data/cell-array.js';
import { numberOfCellsIn } from '../../data/cell-array.js';
import type { DataArray } from '../../data/data-array.js';
import type { DataSet, PolyhedronFaces, UnstructuredGrid } from '../../data/dataset.js';
import { numberOfCells, numberOfPoints } from '../../data/queries.js';
import { type ArrayPayload, payloadType } from './array-payload.js';
import { attributeText, numberList } from './xml-text.js';

/** One array slot: the element to write and the values that go in it. */
export interface ArraySlot {
  tag: 'DataArray' | 'Array';
  /** Attributes before `format`/`offset` (type, Name, NumberOfComponents…). */
  attributes: [string, string | number][];
  payload: ArrayPayload;
  indent: string;
}

export type LayoutPart = string | ArraySlot;

const ROLE_ATTRIBUTES: readonly [AttributeRole, string][] = [
  ['scalars', 'Scalars'],
  ['vectors', 'Vectors'],
  ['normals', 'Normals'],
  ['tcoords', 'TCoords'],
  ['tensors', 'Tensors'],
  ['globalIds', 'GlobalIds'],
];

const INDENT = '  ';

function slot(
  payload: ArrayPayload,
  name: string,
  indent: string,
  extra: [string, string | number][] = [],
): ArraySlot {
  return {
    tag: payload.kind === 'strings' ? 'Array' : 'DataArray',
    attributes: [['type', payloadType(payload)], ['Name', name], ...extra],
    payload,
    indent,
  };
}

function dataArraySlot(array: DataArray, indent: string, withTuples: boolean): ArraySlot {
  const extra: [string, string | number][] = [];
  if (array.numberOfComponents !== 1) extra.push(['NumberOfComponents', array.numberOfComponents]);
  array.componentNames?.forEach((label, c) => {
    extra.push([`ComponentName${c}`, label]);
  });
  if (withTuples) extra.push(['NumberOfTuples', array.numberOfTuples]);
  return slot({ kind: 'values', values: array.values }, array.name, indent, extra);
}

function fieldSlots(fields: FieldData, indent: string, withTuples: boolean): ArraySlot[] {
  return fields.arrays.map((array) =>
    array instanceof StringArray
      ? slot({ kind: 'strings', values: array.values }, array.name, indent, [
          ['NumberOfTuples', array.values.length],
        ])
      : dataArraySlot(array as DataArray, indent, withTuples),
  );
}

class Layout {
  readonly parts: LayoutPart[] = [];

  line(depth: number, text: string): void {
    this.parts.push(`${INDENT.repeat(depth)}${text}\n`);
  }

  arrays(slots: ArraySlot[]): void {
    this.parts.push(...slots);
  }

  /** `<Name attrs>` … `</Name>`, or nothing at all when empty and `omitEmpty`. */
  group(depth: number, name: string, attributes: [string, string | number][], slots: ArraySlot[]): void {
    this.line(depth, `<${name}${attributeText(attributes)}>`);
    this.arrays(slots);
    this.line(depth, `</${name}>`);
  }
}

function attributesGroup(layout: Layout, depth: number, name: string, data: DataSetAttributes): void {
  const active: [string, string][] = [];
  for (const [role, xmlName] of ROLE_ATTRIBUTES) {
    const arrayName = data.getActiveName(role);
    if (arrayName !== undefined) active.push([xmlName, arrayName]);
  }
  layout.group(depth, name, active, fieldSlots(data, INDENT.repeat(depth + 1), false));
}

function cellSlots(cells: CellArray, indent: string): ArraySlot[] {
  return [
    slot({ kind: 'ids', values: cells.connectivity, from: 0 }, 'connectivity', indent),
    slot({ kind: 'ids', values: cells.offsets, from: 1 }, 'offsets', indent),
  ];
}

/** The data model's face streams (found by start offset) → VTK XML `faces` + `faceoffsets` (ends). */
export function facesForFile(
  grid: UnstructuredGrid,
): { faces: IndexArray; faceEnds: IndexArray } | undefined {
  const source: PolyhedronFaces | undefined = grid.polyhedronFaces;
  if (!source) return undefined;
  const { faces, faceOffsets } = source;
  const lengths = new Float64Array(faceOffsets.length);
  let total = 0;
  for (let cell = 0; cell < faceOffsets.length; cell++) {
    const start = faceOffsets[cell];
    if (start < 0) continue;
    let at = start + 1;
    for (let f = 0; f < faces[start]; f++) at += 1 + faces[at];
    lengths[cell] = at - start;
    total += at - start;
  }
  const out: IndexArray = total > 0x7fffffff ? new Float64Array(total) : new Int32Array(total);
  const ends: IndexArray =
    total > 0x7fffffff ? new Float64Array(faceOffsets.length) : new Int32Array(faceOffsets.length);
  let write = 0;
  for (let cell = 0; cell < faceOffsets.length; cell++) {
    const start = faceOffsets[cell];
    if (start < 0) {
      ends[cell] = -1;
      continue;
    }
    out.set(faces.subarray(start, start + lengths[cell]), write);
    write += lengths[cell];
    ends[cell] = write;
  }
  return { faces: out, faceEnds: ends };
}

/** The layout of `data`: the XML text up to (not including) `<AppendedData>`, with array slots. */
export function layoutDataSet(data: DataSet, rootAttributes: [string, string][]): LayoutPart[] {
  const layout = new Layout();
  layout.parts.push('<?xml version="1.0"?>\n');
  layout.line(0, `<VTKFile${attributeText([['type', data.type], ...rootAttributes])}>`);
  const datasetAttributes: [string, string | number][] = [];
  switch (data.type) {
    case 'ImageData':
      datasetAttributes.push(
        ['WholeExtent', numberList(data.extent)],
        ['Origin', numberList(data.origin)],
        ['Spacing', numberList(data.spacing)],
        ['Direction', numberList(data.direction)],
      );
      break;
    case 'RectilinearGrid':
    case 'StructuredGrid':
      datasetAttributes.push(['WholeExtent', numberList(data.extent)]);
      break;
    default:
      break;
  }
  layout.line(1, `<${data.type}${attributeText(datasetAttributes)}>`);
  if (data.fieldData.size > 0)
    layout.group(2, 'FieldData', [], fieldSlots(data.fieldData, INDENT.repeat(3), true));

  const pieceAttributes: [string, string | number][] = [];
  switch (data.type) {
    case 'ImageData':
    case 'RectilinearGrid':
    case 'StructuredGrid':
      pieceAttributes.push(['Extent', numberList(data.extent)]);
      break;
    case 'PolyData':
      pieceAttributes.push(
        ['NumberOfPoints', numberOfPoints(data)],
        ['NumberOfVerts', numberOfCellsIn(data.verts)],
        ['NumberOfLines', numberOfCellsIn(data.lines)],
        ['NumberOfStrips', numberOfCellsIn(data.strips)],
        ['NumberOfPolys', numberOfCellsIn(data.polys)],
      );
      break;
    case 'UnstructuredGrid':
      pieceAttributes.push(['NumberOfPoints', numberOfPoints(data)], ['NumberOfCells', numberOfCells(data)]);
      break;
  }
  layout.line(2, `<Piece${attributeText(pieceAttributes)}>`);
  attributesGroup(layout, 3, 'PointData', data.pointData);
  attributesGroup(layout, 3, 'CellData', data.cellData);
  const inner = INDENT.repeat(4);
  switch (data.type) {
    case 'ImageData':
      break;
    case 'RectilinearGrid':
      layout.group(
        3,
        'Coordinates',
        [],
        [
          dataArraySlot(data.xCoordinates, inner, false),
          dataArraySlot(data.yCoordinates, inner, false),
          dataArraySlot(data.zCoordinates, inner, false),
        ],
      );
      break;
    case 'StructuredGrid':
      layout.group(3, 'Points', [], [dataArraySlot(data.points, inner, false)]);
      break;
    case 'PolyData':
      layout.group(3, 'Points', [], [dataArraySlot(data.points, inner, false)]);
      layout.group(3, 'Verts', [], cellSlots(data.verts, inner));
      layout.group(3, 'Lines', [], cellSlots(data.lines, inner));
      layout.group(3, 'Strips', [], cellSlots(data.strips, inner));
      layout.group(3, 'Polys', [], cellSlots(data.polys, inner));
      break;
    case 'UnstructuredGrid': {
      layout.group(3, 'Points', [], [dataArraySlot(data.points, inner, false)]);
      const cells = [
        ...cellSlots(data.cells, inner),
        slot({ kind: 'values', values: data.cellTypes }, 'types', inner),
      ];
      const faces = facesForFile(data);
      if (faces) {
        cells.push(
          slot({ kind: 'ids', values: faces.faces, from: 0 }, 'faces', inner),
          slot({ kind: 'ids', values: faces.faceEnds, from: 0 }, 'faceoffsets', inner),
        );
      }
      layout.group(3, 'Cells', [], cells);
      break;
    }
  }
  layout.line(2, '</Piece>');
  layout.line(1, `</${data.type}>`);
  return layout.parts;
}
