/**
 * The wire shapes of geometry delivery (`periscope.geometry.get`, `periscope.view.delivery.*`),
 * shared by the session server and the browser's LocalRenderer. Types and constants only: the
 * client bundles this file, so it imports nothing.
 *
 * Arrays travel once: every array of a scene is named by its content hash, pieces refer to
 * arrays by hash, and a reply carries (in `arrays`) only those whose hashes the client did not
 * list in `have`. On the wire an array's `data` is the raw little-endian bytes of `type`
 * (MessagePack `bin`: it arrives as a Uint8Array).
 */

export const GEOMETRY_GET_METHOD = 'periscope.geometry.get';
export const DELIVERY_GET_METHOD = 'periscope.view.delivery.get';
export const DELIVERY_SET_METHOD = 'periscope.view.delivery.set';
/** Published when a view's delivery mode setting changes: `{view, mode}`. */
export const DELIVERY_TOPIC = 'periscope.view.delivery.changed';
/** Published on every change of what views show (geometry, colours, visibility): fetch again. */
export const PIPELINE_TOPIC = 'periscope.pipeline.changed';
/** Published on camera changes: `{view, camera}`. */
export const VIEW_TOPIC = 'periscope.view.changed';

/** `auto` lets the session choose by geometry size; the others force a mode. */
export const DELIVERY_MODES = ['auto', 'remote', 'local'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const ARRAY_TYPES = ['Float32Array', 'Uint32Array', 'Uint8Array'] as const;
export type WireArrayType = (typeof ARRAY_TYPES)[number];

/** One delivered array. `data` is the typed array on the server and its bytes on the client. */
export interface WireArray<Data = Uint8Array> {
  type: WireArrayType;
  /** Number of elements (not bytes). */
  length: number;
  data: Data;
}

export type Vector3 = [number, number, number];

/** How a piece is coloured. Every variant paints exactly what the server's renderer paints. */
export type PieceColoring =
  /** The piece's `diffuseColor`. */
  | { kind: 'solid' }
  /**
   * Point scalars interpolated before mapping, as the server renders them: `coordinates`
   * (Float32Array, one per point) index `texture` (Uint8Array RGBA, `textureWidth` texels, the
   * last one the NaN colour) with nearest-texel lookup; the coordinates are already scaled to
   * that width.
   */
  | { kind: 'point-texture'; coordinates: string; texture: string; textureWidth: number }
  /** Cell scalars already mapped: RGBA (Uint8Array) per delivered cell, verts then lines then polys. */
  | { kind: 'cell-rgba'; colors: string };

/** One drawable piece of an actor: a vtkPolyData plus its vtkProperty. */
export interface GeometryPiece {
  /** `surface`: the node's geometry; `edges`: its polygon edges drawn over it in `edgeColor`. */
  role: 'surface' | 'edges';
  /** Float32Array xyz. */
  points: string;
  /** Float32Array xyz unit normals per point (absent: flat shading from the faces). */
  normals?: string;
  /** Uint32Array cells in vtkCellArray's legacy layout `[n, id₀ … idₙ₋₁, n, …]`. */
  verts?: string;
  lines?: string;
  polys?: string;
  coloring: PieceColoring;
  /** Counts, so a client can size buffers or report without decoding. */
  numberOfPoints: number;
  numberOfCells: number;
}

/** ParaView's display properties of one node, as vtk.js's vtkProperty and vtkProp3D take them. */
export interface GeometryActorProperties {
  representation: string;
  diffuseColor: Vector3;
  opacity: number;
  pointSize: number;
  lineWidth: number;
  edgeVisibility: boolean;
  edgeColor: Vector3;
  position: Vector3;
  /** Degrees about x, y, z (vtkProp3D's Orientation). */
  orientation: Vector3;
  scale: Vector3;
}

export interface GeometryActor {
  /** Pipeline node id. */
  node: string;
  name: string;
  properties: GeometryActorProperties;
  pieces: GeometryPiece[];
  /** The colour map the colours came from, for a legend: preset name and data range. */
  colorMap?: { preset: string; range: [number, number]; array: string };
}

export interface ViewCameraState {
  position: Vector3;
  focalPoint: Vector3;
  viewUp: Vector3;
  viewAngle: number;
  parallelProjection: boolean;
  parallelScale: number;
}

/** Geometry size, as the mode choice measures it. */
export interface GeometrySize {
  /** Bytes of every distinct array of the scene. */
  bytes: number;
  triangles: number;
  lines: number;
  points: number;
}

/** Which renderer a view should use now, and why. */
export interface DeliveryChoice {
  view: string;
  /** The view's setting. */
  mode: DeliveryMode;
  /** What to use for the current geometry. */
  use: 'remote' | 'local';
  reason: string;
  size: GeometrySize;
  /** Session-wide: `auto` renders locally up to this many bytes of geometry. */
  localThreshold: number;
  /** Session-wide: `periscope.geometry.get` refuses scenes over this many bytes. */
  maxBytes: number;
}

/** `periscope.geometry.get [{view, have}]` → this. */
export interface GeometryScene<Data = Uint8Array> {
  view: string;
  camera: ViewCameraState;
  background: Vector3;
  /** World bounds of everything shown [xmin, xmax, ymin, ymax, zmin, zmax]. */
  bounds: number[];
  actors: GeometryActor[];
  /** The arrays the client did not have, by hash. */
  arrays: Record<string, WireArray<Data>>;
  /** Hashes of every array the scene uses (a client may forget the others). */
  hashes: string[];
  delivery: DeliveryChoice;
  /** Bytes of array data in this reply. */
  sentBytes: number;
}

/** Request of `periscope.geometry.get`. */
export interface GeometryRequest {
  view?: string | number;
  /** Hashes of arrays the client already holds; they are not sent again. */
  have?: string[];
}
