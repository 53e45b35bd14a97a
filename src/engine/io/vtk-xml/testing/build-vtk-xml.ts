/**
 * Test support: builds small VTK XML files byte by byte, following the layout of VTK's
 * vtkXMLWriter (header integers, compression headers, separate base64 streams for header and
 * data), so tests can cover every encoding and corrupt any part of it on purpose.
 * Not used by the reader or writer.
 */
import { swapBytes } from '../../common/binary.js';

export type Placement = 'inline' | 'appended-raw' | 'appended-base64';

export interface EncodingProps {
  /** UInt32 (4) or UInt64 (8) header integers. */
  headerSize: 4 | 8;
  littleEndian: boolean;
  /** Compresses one block; undefined writes uncompressed arrays. */
  compressBlock?: (block: Uint8Array) => Uint8Array;
  /** The `compressor` attribute to write with `compressBlock`. */
  compressorName?: string;
  /** Uncompressed bytes per block. */
  blockSize?: number;
  placement: Placement;
  /** Base64-encode header and data as one stream instead of VTK's two (inline/base64 only). */
  jointBase64?: boolean;
}

export interface ArraySpec {
  /** The element and its attributes, without format/offset (e.g. `DataArray type="Float64" Name="p"`). */
  opening: string;
  /** Little-endian bytes of the values. */
  bytes: Uint8Array;
  /** Size of one value, for byte swapping. */
  elementSize: number;
}

export function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
}

function headerBytes(values: number[], props: EncodingProps): Uint8Array {
  const out = new Uint8Array(values.length * props.headerSize);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (props.headerSize === 4) view.setUint32(i * 4, v, props.littleEndian);
    else view.setBigUint64(i * 8, BigInt(v), props.littleEndian);
  });
  return out;
}

/** The header and data of one array as VTK writes them (before any base64 encoding). */
export function encodeArray(spec: ArraySpec, props: EncodingProps): { header: Uint8Array; data: Uint8Array } {
  const data = spec.bytes.slice();
  if (!props.littleEndian) swapBytes(data, spec.elementSize);
  if (!props.compressBlock) return { header: headerBytes([data.byteLength], props), data };
  const blockSize = props.blockSize ?? 32768;
  const blocks: Uint8Array[] = [];
  for (let at = 0; at < data.byteLength; at += blockSize) {
    blocks.push(props.compressBlock(data.subarray(at, Math.min(data.byteLength, at + blockSize))));
  }
  const header = headerBytes(
    [blocks.length, blockSize, data.byteLength % blockSize, ...blocks.map((b) => b.byteLength)],
    props,
  );
  return { header, data: concat(blocks) };
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function encodedText(encoded: { header: Uint8Array; data: Uint8Array }, props: EncodingProps): string {
  return props.jointBase64
    ? base64(concat([encoded.header, encoded.data]))
    : base64(encoded.header) + base64(encoded.data);
}

/**
 * A whole file: `body(arrays)` returns the XML between `<VTKFile …>` and `</VTKFile>` with
 * `arrays[i]` as the text of the i-th array element.
 */
export function buildVtkXml(
  type: string,
  specs: ArraySpec[],
  props: EncodingProps,
  body: (arrays: string[]) => string,
): Uint8Array {
  const root = [
    `type="${type}"`,
    'version="1.0"',
    `byte_order="${props.littleEndian ? 'LittleEndian' : 'BigEndian'}"`,
    `header_type="${props.headerSize === 8 ? 'UInt64' : 'UInt32'}"`,
    props.compressorName ? `compressor="${props.compressorName}"` : '',
  ].join(' ');
  const encoded = specs.map((spec) => encodeArray(spec, props));
  if (props.placement === 'inline') {
    const arrays = specs.map(
      (spec, i) =>
        `<${spec.opening} format="binary">\n${encodedText(encoded[i], props)}\n</${spec.opening.split(' ')[0]}>`,
    );
    return new TextEncoder().encode(
      `<?xml version="1.0"?>\n<VTKFile ${root}>\n${body(arrays)}\n</VTKFile>\n`,
    );
  }
  const chunks: Uint8Array[] = [];
  const arrays: string[] = [];
  let offset = 0;
  specs.forEach((spec, i) => {
    arrays.push(`<${spec.opening} format="appended" offset="${offset}"/>`);
    const chunk =
      props.placement === 'appended-raw'
        ? concat([encoded[i].header, encoded[i].data])
        : new TextEncoder().encode(encodedText(encoded[i], props));
    chunks.push(chunk);
    offset += chunk.byteLength;
  });
  const encoding = props.placement === 'appended-raw' ? 'raw' : 'base64';
  const head = new TextEncoder().encode(
    `<?xml version="1.0"?>\n<VTKFile ${root}>\n${body(arrays)}\n<AppendedData encoding="${encoding}">\n   _`,
  );
  const tail = new TextEncoder().encode('\n</AppendedData>\n</VTKFile>\n');
  return concat([head, ...chunks, tail]);
}

/** A one-tetrahedron UnstructuredGrid: Float64 points, a Float64 point array `wave`, Int64 ids. */
export const TETRA = {
  points: new Float64Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]),
  wave: new Float64Array([1.5, -2.25, 1e300, 5e-324]),
  connectivity: new BigInt64Array([0n, 1n, 2n, 3n]),
  offsets: new BigInt64Array([4n]),
  types: new Uint8Array([10]),
};

export function tetraSpecs(): ArraySpec[] {
  return [
    { opening: 'DataArray type="Float64" Name="wave"', bytes: bytesOf(TETRA.wave), elementSize: 8 },
    {
      opening: 'DataArray type="Float64" Name="Points" NumberOfComponents="3"',
      bytes: bytesOf(TETRA.points),
      elementSize: 8,
    },
    {
      opening: 'DataArray type="Int64" Name="connectivity"',
      bytes: bytesOf(TETRA.connectivity),
      elementSize: 8,
    },
    { opening: 'DataArray type="Int64" Name="offsets"', bytes: bytesOf(TETRA.offsets), elementSize: 8 },
    { opening: 'DataArray type="UInt8" Name="types"', bytes: bytesOf(TETRA.types), elementSize: 1 },
  ];
}

export function tetraBody(
  arrays: string[],
  pieceAttributes = 'NumberOfPoints="4" NumberOfCells="1"',
): string {
  return [
    '<UnstructuredGrid>',
    `<Piece ${pieceAttributes}>`,
    `<PointData Scalars="wave">${arrays[0]}</PointData>`,
    `<Points>${arrays[1]}</Points>`,
    `<Cells>${arrays[2]}${arrays[3]}${arrays[4]}</Cells>`,
    '</Piece>',
    '</UnstructuredGrid>',
  ].join('\n');
}
