/**
 * The summary ("P-") file of a parallel VTK XML dataset (.pvti .pvtr .pvts .pvtp .pvtu): which
 * arrays every piece carries, where the pieces are and, for structured kinds, the whole extent.
 */
import { ReadError } from '../../../errors.js';
import type { AttributeRole } from '../../data/attributes.js';
import { type DataType, isDataType } from '../../data/data-array.js';
import type { DataSetType, Extent, Matrix3, Vec3 } from '../../data/dataset.js';
import {
  integerAttribute,
  numberListAttribute,
  vtkFileContent,
  type XmlContext,
  type XmlElement,
} from './xml-document.js';

export const PARALLEL_FORMAT = 'vtk-xml-parallel';

/** A `<PDataArray>`: what every piece must provide under that name. */
export interface ArrayDeclaration {
  /** Empty for the unnamed arrays of PPoints/PCoordinates. */
  name: string;
  /** Numeric type, 'String' for string arrays, undefined when the P-file leaves it out. */
  dataType: DataType | 'String' | undefined;
  numberOfComponents: number;
}

export interface AttributeDeclarations {
  arrays: ArrayDeclaration[];
  /** Active attributes named on `<PPointData Scalars=… Vectors=…>`. */
  active: Partial<Record<AttributeRole, string>>;
}

export interface PieceReference {
  /** The Source attribute as written (relative to the P-file's folder unless absolute). */
  source: string;
  /** The piece's extent as the P-file declares it (structured kinds). */
  extent: Extent | undefined;
  line: number;
}

export interface ParallelHeader {
  dataType: DataSetType;
  ghostLevel: number;
  /** Structured kinds only. */
  wholeExtent: Extent | undefined;
  /** ImageData only. */
  origin: Vec3 | undefined;
  spacing: Vec3 | undefined;
  direction: Matrix3 | undefined;
  pointData: AttributeDeclarations;
  cellData: AttributeDeclarations;
  /** `<PPoints>` (StructuredGrid, PolyData, UnstructuredGrid). */
  points: ArrayDeclaration | undefined;
  /** `<PCoordinates>` (RectilinearGrid): x, y, z. */
  coordinates: ArrayDeclaration[] | undefined;
  pieces: PieceReference[];
}

const TYPE_OF_ELEMENT: Record<string, DataSetType> = {
  PImageData: 'ImageData',
  PRectilinearGrid: 'RectilinearGrid',
  PStructuredGrid: 'StructuredGrid',
  PPolyData: 'PolyData',
  PUnstructuredGrid: 'UnstructuredGrid',
};

/** VTK XML attribute names of the active-attribute roles. */
const ROLE_ATTRIBUTES: [string, AttributeRole][] = [
  ['Scalars', 'scalars'],
  ['Vectors', 'vectors'],
  ['Normals', 'normals'],
  ['TCoords', 'tcoords'],
  ['Tensors', 'tensors'],
  ['GlobalIds', 'globalIds'],
];

export function isStructuredType(type: DataSetType): boolean {
  return type === 'ImageData' || type === 'RectilinearGrid' || type === 'StructuredGrid';
}

function parseDeclaration(element: XmlElement, context: XmlContext): ArrayDeclaration {
  if (element.name !== 'PDataArray') {
    throw new ReadError(context.file, context.format, `unexpected <${element.name}>, expected <PDataArray>`, {
      line: element.line,
    });
  }
  const type = element.attributes.type;
  if (type !== undefined && type !== 'String' && !isDataType(type)) {
    throw new ReadError(context.file, context.format, `<PDataArray> has unknown type '${type}'`, {
      line: element.line,
    });
  }
  return {
    name: element.attributes.Name ?? '',
    dataType: type as DataType | 'String' | undefined,
    numberOfComponents: integerAttribute(element, 'NumberOfComponents', context, 1 << 16) ?? 1,
  };
}

function parseAttributes(element: XmlElement | undefined, context: XmlContext): AttributeDeclarations {
  if (!element) return { arrays: [], active: {} };
  const arrays = element.children.map((child) => parseDeclaration(child, context));
  const seen = new Set<string>();
  for (const array of arrays) {
    if (seen.has(array.name)) {
      throw new ReadError(context.file, context.format, `<${element.name}> declares '${array.name}' twice`, {
        line: element.line,
      });
    }
    seen.add(array.name);
  }
  const active: Partial<Record<AttributeRole, string>> = {};
  for (const [attribute, role] of ROLE_ATTRIBUTES) {
    const name = element.attributes[attribute];
    if (name !== undefined && seen.has(name)) active[role] = name;
  }
  return { arrays, active };
}

function extentAttribute(element: XmlElement, name: string, context: XmlContext): Extent | undefined {
  const values = numberListAttribute(element, name, 6, context);
  if (!values) return undefined;
  if (
    values.some((v) => !Number.isSafeInteger(v)) ||
    values[0] > values[1] + 1 ||
    values[2] > values[3] + 1 ||
    values[4] > values[5] + 1
  ) {
    throw new ReadError(context.file, context.format, `<${element.name}> ${name} is not a valid extent`, {
      line: element.line,
    });
  }
  return values as Extent;
}

/** Interprets the parsed P-file `root` (the `<VTKFile>` element). */
export function parseParallelHeader(root: XmlElement, file: string): ParallelHeader {
  const context: XmlContext = { file, format: PARALLEL_FORMAT };
  const { type, content } = vtkFileContent(root, Object.keys(TYPE_OF_ELEMENT), context);
  const dataType = TYPE_OF_ELEMENT[type];
  const single = (name: string) => {
    const found = content.children.filter((child) => child.name === name);
    if (found.length > 1) {
      throw new ReadError(file, PARALLEL_FORMAT, `<${type}> has ${found.length} <${name}> elements`, {
        line: found[1].line,
      });
    }
    return found[0];
  };

  const pieces: PieceReference[] = [];
  for (const child of content.children) {
    if (child.name !== 'Piece') continue;
    const source = child.attributes.Source;
    if (source === undefined || source.trim() === '') {
      throw new ReadError(file, PARALLEL_FORMAT, `piece ${pieces.length} has no Source attribute`, {
        line: child.line,
      });
    }
    pieces.push({
      source: source.trim(),
      extent: extentAttribute(child, 'Extent', context),
      line: child.line,
    });
  }

  const pointsElement = single('PPoints');
  const points = pointsElement?.children[0]
    ? parseDeclaration(pointsElement.children[0], context)
    : undefined;
  if (points && points.numberOfComponents !== 3) {
    throw new ReadError(file, PARALLEL_FORMAT, `<PPoints> must have 3 components`, {
      line: pointsElement!.line,
    });
  }
  const coordinatesElement = single('PCoordinates');
  let coordinates: ArrayDeclaration[] | undefined;
  if (coordinatesElement) {
    coordinates = coordinatesElement.children.map((child) => parseDeclaration(child, context));
    if (coordinates.length !== 3) {
      throw new ReadError(file, PARALLEL_FORMAT, `<PCoordinates> must declare 3 arrays`, {
        line: coordinatesElement.line,
      });
    }
  }

  const wholeExtent = extentAttribute(content, 'WholeExtent', context);
  if (isStructuredType(dataType) && !wholeExtent) {
    throw new ReadError(file, PARALLEL_FORMAT, `<${type}> has no WholeExtent`, { line: content.line });
  }
  const spacing = numberListAttribute(content, 'Spacing', 3, context) as Vec3 | undefined;
  return {
    dataType,
    ghostLevel: integerAttribute(content, 'GhostLevel', context, 1 << 20) ?? 0,
    wholeExtent: isStructuredType(dataType) ? wholeExtent : undefined,
    origin: numberListAttribute(content, 'Origin', 3, context) as Vec3 | undefined,
    spacing,
    direction: numberListAttribute(content, 'Direction', 9, context) as Matrix3 | undefined,
    pointData: parseAttributes(single('PPointData'), context),
    cellData: parseAttributes(single('PCellData'), context),
    points,
    coordinates,
    pieces,
  };
}
