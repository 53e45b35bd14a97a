/**
 * GeometryCache in Node: wire arrays decode to aligned typed arrays of the right type, bad ones
 * are refused, scenes prune what they no longer use, and a piece naming an array that was
 * neither held nor sent is an error rather than a silently wrong picture.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from '../protocol/errors.js';
import type { GeometryPiece, GeometryScene } from '../server/geometry-delivery/messages.js';
import { decodeWireArray, GeometryCache, pieceHashes } from './geometry-cache.js';

/** Bytes as they come off the wire: at an odd offset of a bigger buffer. */
function wireBytes(array: Float32Array | Uint32Array | Uint8Array): Uint8Array {
  const buffer = new Uint8Array(array.byteLength + 3);
  buffer.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), 3);
  return buffer.subarray(3);
}

function piece(points: string, polys: string, colors: string): GeometryPiece {
  return {
    role: 'surface',
    points,
    polys,
    coloring: { kind: 'cell-rgba', colors },
    numberOfPoints: 3,
    numberOfCells: 1,
  };
}

function scene(hashes: string[], pieces: GeometryPiece[], arrays: GeometryScene['arrays']): GeometryScene {
  return {
    view: '-1',
    camera: {
      position: [0, 0, 1],
      focalPoint: [0, 0, 0],
      viewUp: [0, 1, 0],
      viewAngle: 30,
      parallelProjection: false,
      parallelScale: 1,
    },
    background: [0, 0, 0],
    bounds: [0, 1, 0, 1, 0, 0],
    actors: [
      {
        node: '1',
        name: 'triangle',
        properties: {
          representation: 'Surface',
          diffuseColor: [1, 1, 1],
          opacity: 1,
          pointSize: 2,
          lineWidth: 1,
          edgeVisibility: false,
          edgeColor: [0, 0, 0.5],
          position: [0, 0, 0],
          orientation: [0, 0, 0],
          scale: [1, 1, 1],
        },
        pieces,
      },
    ],
    arrays,
    hashes,
    delivery: {
      view: '-1',
      mode: 'auto',
      use: 'local',
      reason: 'small',
      size: { bytes: 0, triangles: 1, lines: 0, points: 0 },
      localThreshold: 1,
      maxBytes: 1,
    },
    sentBytes: 0,
  };
}

const points = Float32Array.of(0, 0, 0, 1, 0, 0, 0, 1, 0);
const polys = Uint32Array.of(3, 0, 1, 2);
const red = Uint8Array.of(255, 0, 0, 255);
const blue = Uint8Array.of(0, 0, 255, 255);

test('wire arrays decode into aligned typed arrays of their type', () => {
  const decoded = decodeWireArray('p', { type: 'Float32Array', length: 9, data: wireBytes(points) });
  assert.ok(decoded instanceof Float32Array);
  assert.equal(decoded.byteOffset, 0);
  assert.deepEqual([...decoded], [...points]);
  const cells = decodeWireArray('c', { type: 'Uint32Array', length: 4, data: wireBytes(polys) });
  assert.ok(cells instanceof Uint32Array);
  assert.deepEqual([...cells], [3, 0, 1, 2]);
});

test('inconsistent wire arrays are refused with ProtocolError', () => {
  assert.throws(
    () => decodeWireArray('x', { type: 'Float64Array', length: 1, data: new Uint8Array(8) }),
    ProtocolError,
  );
  assert.throws(
    () => decodeWireArray('x', { type: 'Float32Array', length: 3, data: new Uint8Array(8) }),
    /8 bytes for 3/,
  );
  assert.throws(() => decodeWireArray('x', { type: 'Uint8Array', length: 2, data: [1, 2] }), ProtocolError);
  assert.throws(() => decodeWireArray('x', null), ProtocolError);
});

test('the cache keeps what a scene uses, forgets the rest, and offers its hashes as have', () => {
  const cache = new GeometryCache();
  const first = scene(['p', 'c', 'red'], [piece('p', 'c', 'red')], {
    p: { type: 'Float32Array', length: 9, data: wireBytes(points) },
    c: { type: 'Uint32Array', length: 4, data: wireBytes(polys) },
    red: { type: 'Uint8Array', length: 4, data: wireBytes(red) },
  });
  assert.equal(cache.receive(first), 3);
  assert.deepEqual(cache.hashes().sort(), ['c', 'p', 'red']);
  assert.equal(cache.bytes, 36 + 16 + 4);
  // Recoloured: only the new colours arrive; the red ones are dropped.
  const second = scene(['p', 'c', 'blue'], [piece('p', 'c', 'blue')], {
    blue: { type: 'Uint8Array', length: 4, data: wireBytes(blue) },
  });
  assert.equal(cache.receive(second), 1);
  assert.deepEqual(cache.hashes().sort(), ['blue', 'c', 'p']);
  assert.deepEqual([...cache.uint8('blue')], [0, 0, 255, 255]);
  assert.equal(cache.has('red'), false);
  assert.throws(() => cache.float32('c'), /is a Uint32Array, not a Float32Array/);
  assert.throws(() => cache.uint8('red'), /is not held/);
});

test('a piece naming an array neither held nor sent is an error', () => {
  const cache = new GeometryCache();
  const broken = scene(['p', 'c', 'red'], [piece('p', 'c', 'red')], {
    p: { type: 'Float32Array', length: 9, data: wireBytes(points) },
  });
  assert.throws(() => cache.receive(broken), /geometry array (c|red) was neither held nor sent/);
  assert.deepEqual(pieceHashes(piece('p', 'c', 'red')), ['p', 'c', 'red']);
});
