import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket as WsWebSocket } from 'ws';
import { startSessionServer } from '../server/session-server.js';
import { connect } from './connection.js';
import {
  GestureTranslator,
  MOUSE_METHOD,
  type MouseInteractionEvent,
  type PointerInput,
  pinchSpin,
  type RemoteEvent,
  WHEEL_METHOD,
  wheelSpin,
} from './gestures.js';

const size = { width: 400, height: 200 };

function mouse(x: number, y: number, buttons: number, modifiers: Partial<PointerInput> = {}): PointerInput {
  return {
    pointerId: 1,
    pointerType: 'mouse',
    x,
    y,
    buttons,
    shiftKey: false,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    ...modifiers,
  };
}

function touch(id: number, x: number, y: number): PointerInput {
  return { ...mouse(x, y, 1), pointerId: id, pointerType: 'touch' };
}

function mouseEvents(events: RemoteEvent[]): MouseInteractionEvent[] {
  return events.map((entry) => {
    assert.equal(entry.method, MOUSE_METHOD);
    return entry.event as MouseInteractionEvent;
  });
}

/** The zoom the server applies for a wheel spin (viewport.mouse.zoom.wheel). */
const serverZoom = (spinY: number) => 1 / Math.max(0.1, 1 - spinY / 10);

test('a left drag is down…down, up with vtk.js’s fields, normalised from the bottom-left', () => {
  const gestures = new GestureTranslator({ view: '-1' });
  const [down] = mouseEvents(gestures.pointerDown(mouse(100, 50, 1), size));
  assert.deepEqual(down, {
    action: 'down',
    x: 0.25,
    y: 0.75,
    buttonLeft: 1,
    buttonMiddle: 0,
    buttonRight: 0,
    shiftKey: 0,
    ctrlKey: 0,
    altKey: 0,
    metaKey: 0,
    view: '-1',
  });
  assert.equal(gestures.active, true);
  const [move] = mouseEvents(gestures.pointerMove(mouse(300, 150, 1), size));
  assert.deepEqual([move.action, move.x, move.y, move.buttonLeft], ['down', 0.75, 0.25, 1]);
  const [up] = mouseEvents(gestures.pointerUp(mouse(300, 150, 0), size));
  assert.deepEqual([up.action, up.buttonLeft, up.buttonMiddle, up.buttonRight], ['up', 0, 0, 0]);
  assert.equal(gestures.active, false);
  // Hovering sends nothing (vtk.js sends moves only while a button is down).
  assert.deepEqual(gestures.pointerMove(mouse(10, 10, 0), size), []);
});

test('buttons and modifiers reach the server as ParaView maps them: middle/shift pan, right zoom, ctrl spin', () => {
  const cases: [PointerInput, Partial<MouseInteractionEvent>][] = [
    [mouse(0, 0, 4), { buttonMiddle: 1, buttonLeft: 0 }],
    [mouse(0, 0, 2), { buttonRight: 1, buttonLeft: 0 }],
    [mouse(0, 0, 1, { shiftKey: true }), { buttonLeft: 1, shiftKey: 1 }],
    [mouse(0, 0, 1, { ctrlKey: true }), { buttonLeft: 1, ctrlKey: 1 }],
    [mouse(0, 0, 1, { altKey: true, metaKey: true }), { altKey: 1, metaKey: 1 }],
  ];
  for (const [input, expected] of cases) {
    const gestures = new GestureTranslator({ view: 3 });
    const [event] = mouseEvents(gestures.pointerDown(input, size));
    for (const [field, value] of Object.entries(expected))
      assert.equal(
        event[field as keyof MouseInteractionEvent],
        value,
        `${field} of ${JSON.stringify(input)}`,
      );
    assert.equal(event.view, 3);
  }
});

test('the wheel sends Start, then MouseWheel, then End; a notch is one spin step as in vtk.js', () => {
  assert.equal(wheelSpin(100, 0), 1);
  assert.equal(wheelSpin(-3, 1), -1.2);
  assert.equal(wheelSpin(1, 2), 5); // a page is clamped: the server's factor would flip sign past 10
  const gestures = new GestureTranslator({ view: '-1' });
  const events = [
    ...gestures.wheel(
      {
        x: 200,
        y: 100,
        deltaY: 100,
        deltaMode: 0,
        shiftKey: false,
        ctrlKey: false,
        altKey: false,
        metaKey: false,
      },
      size,
    ),
    ...gestures.wheel(
      {
        x: 200,
        y: 100,
        deltaY: -50,
        deltaMode: 0,
        shiftKey: false,
        ctrlKey: false,
        altKey: false,
        metaKey: false,
      },
      size,
    ),
  ];
  assert.equal(gestures.wheeling, true);
  events.push(...gestures.wheelEnd());
  assert.deepEqual(gestures.wheelEnd(), []);
  assert.ok(events.every((entry) => entry.method === WHEEL_METHOD));
  const payloads = events.map((entry) => entry.event as { type: string; spinY?: number; x?: number });
  assert.deepEqual(
    payloads.map((event) => [event.type, event.spinY]),
    [
      ['StartMouseWheel', 1],
      ['MouseWheel', -0.5],
      ['EndMouseWheel', undefined],
    ],
  );
  assert.equal(payloads[0].x, 0.5);
});

test('one finger rotates: a left-button drag', () => {
  const gestures = new GestureTranslator({ view: '-1' });
  const events = mouseEvents([
    ...gestures.pointerDown(touch(7, 100, 100), size),
    ...gestures.pointerMove(touch(7, 140, 100), size),
    ...gestures.pointerUp(touch(7, 140, 100), size),
  ]);
  assert.deepEqual(
    events.map((event) => [event.action, event.buttonLeft, event.x]),
    [
      ['down', 1, 0.25],
      ['down', 1, 0.35],
      ['up', 0, 0.35],
    ],
  );
});

test('two fingers moving together pan with the middle button at their centroid, once per flush, without zooming', () => {
  const gestures = new GestureTranslator({ view: '-1' });
  gestures.pointerDown(touch(1, 100, 100), size);
  const second = mouseEvents(gestures.pointerDown(touch(2, 200, 100), size));
  // The one-finger rotation is released before the pan starts, so the camera does not jump.
  assert.deepEqual(
    second.map((event) => [event.action, event.buttonLeft, event.buttonMiddle, event.x]),
    [
      ['up', 0, 0, 0.25],
      ['down', 0, 1, 0.375],
    ],
  );
  // Fingers report one at a time; nothing goes out until the frame's flush combines them.
  assert.deepEqual(gestures.pointerMove(touch(1, 120, 100), size), []);
  assert.deepEqual(gestures.pointerMove(touch(2, 220, 100), size), []);
  const [pan, ...rest] = mouseEvents(gestures.flushTouches(size));
  assert.deepEqual(rest, []);
  assert.deepEqual([pan.action, pan.buttonMiddle, pan.x, pan.y], ['down', 1, 0.425, 0.5]);
  assert.deepEqual(gestures.flushTouches(size), [], 'nothing new to flush');
});

test('a pinch zooms by exactly the ratio of finger distances, then one finger left rotates again', () => {
  const gestures = new GestureTranslator({ view: '-1' });
  gestures.pointerDown(touch(1, 150, 100), size);
  gestures.pointerDown(touch(2, 250, 100), size); // 100 px apart
  const events: RemoteEvent[] = [];
  for (let step = 1; step <= 10; step++) {
    events.push(...gestures.pointerMove(touch(1, 150 - 5 * step, 100), size));
    events.push(...gestures.pointerMove(touch(2, 250 + 5 * step, 100), size));
    events.push(...gestures.flushTouches(size));
  }
  assert.equal(events.filter((entry) => entry.method === MOUSE_METHOD).length, 10, 'one pan event per flush');
  // Now 200 px apart: the product of the server's zoom factors is 2.
  const wheels = events.filter((entry) => entry.method === WHEEL_METHOD);
  const spins = wheels.map((entry) => (entry.event as { spinY: number }).spinY);
  const zoom = spins.reduce((product, spin) => product * serverZoom(spin), 1);
  assert.ok(Math.abs(zoom - 2) < 1e-9, String(zoom));
  assert.equal((wheels[0].event as { type: string }).type, 'StartMouseWheel');
  assert.ok(wheels.slice(1).every((entry) => (entry.event as { type: string }).type === 'MouseWheel'));
  // Pinching in zooms out by the inverse.
  assert.ok(Math.abs(serverZoom(pinchSpin(0.8)) - 0.8) < 1e-12);

  const lifted = gestures.pointerUp(touch(2, 300, 100), size);
  assert.deepEqual(
    lifted.map((entry) => [
      entry.method,
      (entry.event as { type?: string; action?: string }).type ?? (entry.event as { action: string }).action,
    ]),
    [
      [MOUSE_METHOD, 'up'],
      [WHEEL_METHOD, 'EndMouseWheel'],
      [MOUSE_METHOD, 'down'],
    ],
  );
  const rotate = lifted.at(-1)!.event as MouseInteractionEvent;
  assert.deepEqual([rotate.buttonLeft, rotate.x], [1, 100 / 400]);
  const [end] = mouseEvents(gestures.pointerUp(touch(1, 100, 100), size));
  assert.equal(end.action, 'up');
  assert.equal(gestures.active, false);
});

test('a third finger is ignored and release() ends a drag in progress', () => {
  const gestures = new GestureTranslator({ view: '-1' });
  gestures.pointerDown(touch(1, 0, 0), size);
  gestures.pointerDown(touch(2, 10, 0), size);
  assert.deepEqual(gestures.pointerDown(touch(3, 20, 0), size), []);
  assert.deepEqual(gestures.pointerMove(touch(3, 30, 0), size), []);
  const released = mouseEvents(gestures.release(size));
  assert.deepEqual(
    released.map((event) => [event.action, event.buttonMiddle]),
    [['up', 0]],
  );
  assert.equal(gestures.active, false);

  const dragging = new GestureTranslator({ view: '-1' });
  dragging.pointerDown(mouse(5, 5, 2), size);
  const [up] = mouseEvents(dragging.release(size));
  assert.deepEqual([up.action, up.buttonRight], ['up', 0]);
});

test('against a session server the translated gestures move the camera as ParaView does', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'periscope-gestures-'));
  const server = await startSessionServer({
    dataDirectory: directory,
    secret: 'gestures',
    cpuRenderer: false,
  });
  const connection = await connect({ url: server.url, secret: 'gestures', WebSocket: WsWebSocket });
  try {
    // The server scales drags by this client's view size, which the translator's size matches.
    await connection.call('viewport.image.push.original.size', ['-1', size.width, size.height]);
    const camera = async () => {
      const { focal, up, position } = (await connection.call('viewport.camera.get', ['-1'])) as Record<
        string,
        [number, number, number]
      >;
      return { focal, up, position, distance: Math.hypot(...position.map((p, k) => p - focal[k])) };
    };
    const send = async (events: RemoteEvent[]) => {
      for (const { method, event } of events) await connection.call(method, [event]);
    };
    const drag = async (from: [number, number], to: [number, number], buttons: number, modifiers = {}) => {
      const gestures = new GestureTranslator({ view: '-1' });
      await send(gestures.pointerDown(mouse(...from, buttons, modifiers), size));
      for (let step = 1; step <= 4; step++) {
        const x = from[0] + ((to[0] - from[0]) * step) / 4;
        const y = from[1] + ((to[1] - from[1]) * step) / 4;
        await send(gestures.pointerMove(mouse(x, y, buttons, modifiers), size));
      }
      await send(gestures.pointerUp(mouse(...to, 0, modifiers), size));
    };
    const close = (a: number[], b: number[]) => a.every((value, k) => Math.abs(value - b[k]) < 1e-6);

    // Left drag rotates about the focal point: same focal point and distance, new position.
    let before = await camera();
    await drag([100, 100], [200, 100], 1);
    let after = await camera();
    assert.ok(close(after.focal, before.focal));
    assert.ok(Math.abs(after.distance - before.distance) < 1e-6);
    assert.ok(!close(after.position, before.position), 'rotated');

    // Shift + left and middle drags pan: focal point and position move together.
    for (const [buttons, modifiers] of [
      [1, { shiftKey: true }],
      [4, {}],
    ] as const) {
      before = await camera();
      await drag([100, 100], [150, 130], buttons, modifiers);
      after = await camera();
      assert.ok(!close(after.focal, before.focal), `panned with buttons ${buttons}`);
      const shift = after.focal.map((value, k) => value - before.focal[k]);
      assert.ok(
        close(
          after.position,
          before.position.map((value, k) => value + shift[k]),
        ),
      );
    }

    // Right drag upwards zooms in; ctrl + left drag spins (view up turns, position stays).
    before = await camera();
    await drag([200, 150], [200, 50], 2);
    after = await camera();
    assert.ok(after.distance < 0.9 * before.distance, `${before.distance} → ${after.distance}`);
    before = await camera();
    await drag([300, 100], [200, 20], 1, { ctrlKey: true });
    after = await camera();
    assert.ok(close(after.position, before.position) && !close(after.up, before.up), 'spun');

    // A symmetric two-finger pinch from 100 to 200 px apart halves the distance, without panning.
    before = await camera();
    const gestures = new GestureTranslator({ view: '-1' });
    await send(gestures.pointerDown(touch(1, 150, 100), size));
    await send(gestures.pointerDown(touch(2, 250, 100), size));
    for (let step = 1; step <= 5; step++)
      await send([
        ...gestures.pointerMove(touch(1, 150 - 10 * step, 100), size),
        ...gestures.pointerMove(touch(2, 250 + 10 * step, 100), size),
        ...gestures.flushTouches(size),
      ]);
    await send([
      ...gestures.pointerUp(touch(1, 100, 100), size),
      ...gestures.pointerUp(touch(2, 300, 100), size),
    ]);
    after = await camera();
    assert.ok(
      Math.abs(after.distance - before.distance / 2) < 1e-6,
      `${before.distance} → ${after.distance}`,
    );
    assert.ok(close(after.focal, before.focal), 'the centroid stayed: no pan');
  } finally {
    await connection.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
});
