/**
 * The paraviewweb protocols (PROTOCOL.md §5) mapped onto the session: FileListing, ProxyManager,
 * TimeHandler and the parts of ColorManager our representation model has. Proxy ids are node
 * ids; a representation id is its node's id. Results have ParaView's shapes; failures ParaView
 * reports as `{success: false, reason}` carry our catalogue `code` too.
 */

import { listFilters } from '../../engine/filters/catalogue.js';
import { LookupTable } from '../../engine/render/color/lookup-table.js';
import { getPreset, PRESET_NAMES } from '../../engine/render/color/presets.js';
import { isPeriscopeError, PropertyError } from '../../errors.js';
import type { MethodCall } from '../../protocol/index.js';
import {
  asOperation,
  define,
  numberArgument,
  requireEditor,
  type SessionContext,
  stringArgument,
} from '../context.js';
import { lookupTableOf, REPRESENTATION_SCHEMA } from '../representation.js';
import type { SessionNode } from '../session.js';

/** ParaView's failure result, with the catalogue code so clients can still match on it. */
function failure(error: unknown): { success: false; reason: string; code?: string } {
  if (isPeriscopeError(error)) return { success: false, reason: error.message, code: error.code };
  throw error;
}

function proxyInfo(node: SessionNode) {
  const filter = listFilters().find((definition) => definition.name === node.type);
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    parent: node.inputs[0] ?? '0',
    properties: Object.entries(node.properties).map(([name, value]) => ({ id: node.id, name, value })),
    representation: { id: node.id, properties: node.representation },
    ui: [...(filter?.properties ?? []), ...REPRESENTATION_SCHEMA],
  };
}

export function registerParaViewMethods(context: SessionContext): void {
  const { session } = context;

  define(
    context,
    'file.server.directory.list',
    'ParaViewWeb FileListing: {label, path[], dirs[], files[{label,size}], groups[{label,files}]} of a data directory path.',
    [{ name: 'path', type: 'string', optional: true }],
    ({ args }) => session.dataDirectory.list(args[0] === undefined ? '.' : String(args[0])),
  );
  define(
    context,
    'pv.proxy.manager.create.reader',
    'Opens a file relative to the data directory and shows it: {success, id} or {success:false, reason, code}.',
    [{ name: 'relativePath', type: 'string' }],
    async (call) => {
      requireEditor(context, call);
      let id: string | undefined;
      try {
        const node = await session.openFile(call.args[0]);
        id = node.id;
        await asOperation(context, call, (operation) => session.update(node.id, operation));
        return { success: true, id: node.id };
      } catch (error) {
        if (id !== undefined) session.removeNode(id);
        return failure(error);
      }
    },
  );
  define(
    context,
    'pv.proxy.manager.create',
    'Creates a source or filter by ParaView name under a parent proxy; returns the proxy description.',
    [
      { name: 'functionName', type: 'string' },
      { name: 'parentId', type: 'string', optional: true },
      { name: 'initialValues', type: 'object', optional: true },
    ],
    (call) => {
      requireEditor(context, call);
      const type = stringArgument(call, 0, 'functionName');
      const parent =
        call.args[1] === undefined || call.args[1] === '0' || call.args[1] === 0
          ? undefined
          : String(call.args[1]);
      const filter = listFilters().find((definition) => definition.name === type);
      const inputs = filter?.kind === 'filter' && parent !== undefined ? [parent] : [];
      return proxyInfo(
        session.addNode({ type, inputs, properties: (call.args[2] ?? {}) as Record<string, unknown> }),
      );
    },
  );
  define(
    context,
    'pv.proxy.manager.get',
    'Describes a proxy: {id, name, type, parent, properties[{id,name,value}], ui}.',
    [{ name: 'proxyId', type: 'string' }],
    (call) => proxyInfo(session.node(stringArgument(call, 0, 'proxyId'))),
  );
  define(
    context,
    'pv.proxy.manager.find.id',
    'The id of the first proxy with this name: {id} (groupName is ignored).',
    [
      { name: 'groupName', type: 'string' },
      { name: 'proxyName', type: 'string' },
    ],
    (call) => ({ id: session.nodes().find((node) => node.name === String(call.args[1]))?.id ?? null }),
  );
  define(
    context,
    'pv.proxy.manager.update',
    'Sets properties: [{id, name, value}, …]; representation properties go to the representation.',
    [{ name: 'propsList', type: '{id, name, value}[]' }],
    (call) => {
      requireEditor(context, call);
      const list = call.args[0];
      if (!Array.isArray(list))
        throw new PropertyError(call.method, 'propsList', 'must be a list of {id, name, value}');
      const byNode = new Map<
        string,
        { properties: Record<string, unknown>; representation: Record<string, unknown> }
      >();
      const representationNames = new Set(REPRESENTATION_SCHEMA.map((entry) => entry.name));
      for (const item of list as { id?: unknown; name?: unknown; value?: unknown }[]) {
        const id = String(item?.id);
        const name = String(item?.name);
        const edit = byNode.get(id) ?? { properties: {}, representation: {} };
        (representationNames.has(name) ? edit.representation : edit.properties)[name] = item.value;
        byNode.set(id, edit);
      }
      try {
        for (const [id, edit] of byNode) session.updateNode(id, edit);
      } catch (error) {
        return failure(error);
      }
      return { success: true };
    },
  );
  define(
    context,
    'pv.proxy.manager.delete',
    'Deletes a proxy: {success, id}.',
    [{ name: 'proxyId', type: 'string' }],
    (call) => {
      requireEditor(context, call);
      const id = stringArgument(call, 0, 'proxyId');
      try {
        session.removeNode(id);
        return { success: true, id };
      } catch (error) {
        return failure(error);
      }
    },
  );
  define(
    context,
    'pv.proxy.manager.list',
    'Pipeline sources: {view, sources[{id, name, parent, visible, rep}]}.',
    [{ name: 'viewId', optional: true }],
    (call) => ({
      view: context.views.resolveId(call.args[0]),
      sources: session.nodes().map((node) => ({
        id: node.id,
        name: node.name,
        parent: node.inputs[0] ?? '0',
        visible: node.representation.Visibility ? 1 : 0,
        rep: node.id,
      })),
    }),
  );
  define(
    context,
    'pv.proxy.manager.available',
    "Names of creatable 'sources' or 'filters'.",
    [{ name: 'type', type: "'sources'|'filters'", optional: true }],
    (call) => {
      const kind = call.args[0] === 'filters' ? 'filter' : 'source';
      return listFilters()
        .filter((definition) => definition.kind === kind)
        .map((definition) => definition.name);
    },
  );

  registerTimeMethods(context);
  registerColorMethods(context);
}

function registerTimeMethods(context: SessionContext): void {
  const { session } = context;
  const setTime = (call: MethodCall, time: number) => {
    requireEditor(context, call);
    return session.setTime(time);
  };
  define(context, 'pv.time.values', 'Every time value of the loaded data.', [], () => session.timeSteps());
  define(context, 'pv.time.value.get', 'The current time value.', [], () => session.time);
  define(context, 'pv.time.value.set', 'Sets the time value.', [{ name: 't', type: 'number' }], (call) =>
    setTime(call, numberArgument(call, 0, 't')),
  );
  define(context, 'pv.time.index.get', 'Index of the current time step.', [], () => session.timeIndex());
  define(
    context,
    'pv.time.index.set',
    'Moves to time step idx; returns the time value.',
    [{ name: 'idx', type: 'number' }],
    (call) => {
      const steps = session.timeSteps();
      const index = Math.round(numberArgument(call, 0, 'idx'));
      if (steps.length === 0) return setTime(call, 0);
      return setTime(call, steps[Math.min(steps.length - 1, Math.max(0, index))]);
    },
  );
  define(
    context,
    'pv.vcr.action',
    "Time step navigation: 'first' | 'prev' | 'next' | 'last'; returns the time value.",
    [{ name: 'action', type: 'string' }],
    (call) => {
      const steps = session.timeSteps();
      if (steps.length === 0) return session.time;
      const index = session.timeIndex();
      const action = String(call.args[0]);
      const target =
        action === 'first'
          ? 0
          : action === 'last'
            ? steps.length - 1
            : action === 'prev'
              ? Math.max(0, index - 1)
              : action === 'next'
                ? (index + 1) % steps.length
                : -1;
      if (target < 0)
        throw new PropertyError(
          call.method,
          'action',
          `unknown action '${action}' (first, prev, next, last)`,
        );
      return setTime(call, steps[target]);
    },
  );
  define(
    context,
    'pv.time.play',
    'Plays the time steps in the default view at the animation frame rate.',
    [{ name: 'deltaT', type: 'number', optional: true }],
    (call) => {
      requireEditor(context, call);
      const view = context.views.resolveId(-1);
      context.delivery.startAnimation(view, () => {
        const steps = session.timeSteps();
        if (steps.length === 0) return;
        session.setTime(steps[(session.timeIndex() + 1) % steps.length]);
      });
      return { success: true };
    },
  );
  define(context, 'pv.time.stop', 'Stops time playback.', [], (call) => {
    requireEditor(context, call);
    context.delivery.stopAnimation(context.views.resolveId(-1));
    return { success: true };
  });
}

function registerColorMethods(context: SessionContext): void {
  const { session } = context;
  /** The range a node's colour map spans: its ScalarRange, else its colour array's data range. */
  const scalarRange = async (
    call: MethodCall,
    node: SessionNode,
  ): Promise<{ min: number; max: number } | undefined> => {
    const selection = node.representation.ColorArrayName;
    if (node.representation.ScalarRange.length === 2)
      return { min: node.representation.ScalarRange[0], max: node.representation.ScalarRange[1] };
    if (!selection) return undefined;
    const info = await asOperation(context, call, (operation) => session.info(node.id, operation));
    const arrays = selection[0] === 'CELLS' ? info.cellData : info.pointData;
    const range = arrays.find((array) => array.name === selection[1])?.range;
    return range ? { min: range[0], max: range[1] } : undefined;
  };
  /** Nodes coloured by an array of this name: ParaView keeps one colour map per array name. */
  const coloredBy = (arrayName: string) =>
    session.nodes().filter((node) => node.representation.ColorArrayName?.[1] === arrayName);
  const updateColoredBy = (call: MethodCall, changes: Record<string, unknown>) => {
    requireEditor(context, call);
    const nodes = coloredBy(stringArgument(call, 0, 'arrayName'));
    for (const node of nodes) session.updateNode(node.id, { representation: changes });
    return nodes.length;
  };
  define(
    context,
    'pv.color.manager.rgb.points.set',
    'Sets the colour map control points [x, r, g, b, …] of every representation coloured by the array (rgbInfo: the list, or {points}).',
    [
      { name: 'arrayName', type: 'string' },
      { name: 'rgbInfo', type: 'number[] | {points: number[]}' },
    ],
    (call) => {
      const info = call.args[1];
      const points = Array.isArray(info) ? info : (info as { points?: unknown } | null)?.points;
      if (!Array.isArray(points) || points.length < 8 || points.length % 4 !== 0)
        throw new PropertyError(call.method, 'rgbInfo', 'expected at least two [x, r, g, b] control points');
      updateColoredBy(call, { RGBPoints: points });
      return { success: true };
    },
  );
  define(
    context,
    'pv.color.manager.opacity.points.get',
    'Opacity transfer function of the array as ParaView gives it: [x, opacity, midpoint, sharpness, …].',
    [{ name: 'arrayName', type: 'string' }],
    async (call) => {
      const node = coloredBy(stringArgument(call, 0, 'arrayName'))[0];
      if (!node) return [];
      let pairs = node.representation.ScalarOpacityFunction;
      if (pairs.length < 2) {
        const { min, max } = (await scalarRange(call, node)) ?? { min: 0, max: 1 };
        pairs = [min, 0, max, 1];
      }
      const points: number[] = [];
      for (let i = 0; i + 1 < pairs.length; i += 2) points.push(pairs[i], pairs[i + 1], 0.5, 0);
      return points;
    },
  );
  define(
    context,
    'pv.color.manager.opacity.points.set',
    'Sets the opacity transfer function of every representation coloured by the array from [x, opacity, midpoint, sharpness, …].',
    [
      { name: 'arrayName', type: 'string' },
      { name: 'pointArray', type: 'number[]' },
    ],
    (call) => {
      const points = call.args[1];
      if (!Array.isArray(points) || points.length < 8 || points.length % 4 !== 0)
        throw new PropertyError(
          call.method,
          'pointArray',
          'expected [x, opacity, midpoint, sharpness] points',
        );
      const pairs: number[] = [];
      for (let i = 0; i < points.length; i += 4) pairs.push(Number(points[i]), Number(points[i + 1]));
      updateColoredBy(call, { ScalarOpacityFunction: pairs });
      return { success: true };
    },
  );
  const lutImage = async (lookupTable: LookupTable, samples: number): Promise<string> => {
    const [low, high] = lookupTable.range;
    const rgb = new Uint8Array(samples * 3);
    for (let i = 0; i < samples; i++) {
      const [r, g, b] = lookupTable.mapValue(low + ((high - low) * i) / Math.max(1, samples - 1));
      rgb.set([Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)], i * 3);
    }
    const { default: sharp } = await import('sharp');
    const png = await sharp(rgb, { raw: { width: samples, height: 1, channels: 3 } })
      .png()
      .toBuffer();
    return png.toString('base64');
  };
  const sampleCount = (value: unknown, fallback: number) => {
    const samples = Math.round(Number(value ?? fallback));
    if (!Number.isInteger(samples) || samples < 2 || samples > 4096)
      throw new PropertyError('pv.color.manager', 'numSamples', 'must be an integer in [2, 4096]');
    return samples;
  };
  define(
    context,
    'pv.color.manager.lut.image.get',
    "A representation's colour map as a base64 PNG numSamples × 1 over its range (or customRange): {image, range}.",
    [
      { name: 'representation', type: 'string' },
      { name: 'numSamples', type: 'number' },
      { name: 'customRange', type: '[min, max] | null', optional: true },
    ],
    async (call) => {
      const node = session.node(stringArgument(call, 0, 'representation'));
      const custom = call.args[2];
      const range =
        Array.isArray(custom) && custom.length === 2 && custom.every(Number.isFinite)
          ? [Number(custom[0]), Number(custom[1])]
          : await scalarRange(call, node).then((found) => (found ? [found.min, found.max] : [0, 1]));
      const lookupTable = lookupTableOf(node.representation, range);
      return {
        image: await lutImage(lookupTable, sampleCount(call.args[1], 256)),
        range: [...lookupTable.range],
      };
    },
  );
  define(
    context,
    'pv.color.manager.lut.image.all',
    'Every colour map preset as a base64 PNG numSamples × 1: {presetName: image}.',
    [{ name: 'numSamples', type: 'number', optional: true }],
    async (call) => {
      const samples = sampleCount(call.args[0], 256);
      const images: Record<string, string> = {};
      for (const name of PRESET_NAMES)
        images[name] = await lutImage(new LookupTable({ preset: name }), samples);
      return images;
    },
  );
  const representation = (call: MethodCall, changes: Record<string, unknown>) => {
    requireEditor(context, call);
    return session.updateNode(stringArgument(call, 0, 'representation'), { representation: changes })
      .representation;
  };
  define(
    context,
    'pv.color.manager.color.by',
    "Colours a representation: colorMode 'SOLID' or 'ARRAY', arrayLocation 'POINTS'|'CELLS', arrayName.",
    [
      { name: 'representation', type: 'string' },
      { name: 'colorMode', type: "'SOLID'|'ARRAY'" },
      { name: 'arrayLocation', type: "'POINTS'|'CELLS'", optional: true },
      { name: 'arrayName', type: 'string', optional: true },
    ],
    (call) =>
      representation(call, {
        ColorArrayName:
          call.args[1] === 'SOLID'
            ? null
            : [call.args[2] === 'CELLS' ? 'CELLS' : 'POINTS', String(call.args[3] ?? '')],
      }),
  );
  define(
    context,
    'pv.color.manager.select.preset',
    'Applies a colour map preset to a representation.',
    [{ name: 'representation' }, { name: 'paletteName', type: 'string' }],
    (call) => representation(call, { ColorMap: String(call.args[1]) }),
  );
  define(context, 'pv.color.manager.list.preset', 'Names of every colour map preset.', [], () => [
    ...PRESET_NAMES,
  ]);
  define(
    context,
    'pv.color.manager.rgb.points.get',
    'Control points [x, r, g, b, …] of the colour map of the array.',
    [{ name: 'arrayName', type: 'string' }],
    (call) => {
      const node = coloredBy(String(call.args[0]))[0];
      if (node && node.representation.RGBPoints.length >= 4) return [...node.representation.RGBPoints];
      return [...getPreset(node?.representation.ColorMap ?? PRESET_NAMES[0]).rgbPoints];
    },
  );
  define(
    context,
    'pv.color.manager.scalarbar.visibility.get',
    'Scalar bar visibility per proxy id.',
    [{ name: 'proxyIdList', type: 'string[]' }],
    (call) => {
      const ids = Array.isArray(call.args[0]) ? call.args[0] : [];
      return Object.fromEntries(
        ids.map((id) => [String(id), session.node(String(id)).representation.ScalarBarVisibility]),
      );
    },
  );
  define(
    context,
    'pv.color.manager.scalarbar.visibility.set',
    'Sets scalar bar visibility: {proxyId: bool}.',
    [{ name: 'proxyIdMap', type: '{[id]: boolean}' }],
    (call) => {
      requireEditor(context, call);
      const map = (call.args[0] ?? {}) as Record<string, unknown>;
      for (const [id, visible] of Object.entries(map))
        session.updateNode(id, { representation: { ScalarBarVisibility: Boolean(visible) } });
      return Object.fromEntries(
        Object.keys(map).map((id) => [id, session.node(id).representation.ScalarBarVisibility]),
      );
    },
  );
  define(
    context,
    'pv.color.manager.scalar.range.get',
    'The data range of the array colouring a proxy: {min, max}.',
    [{ name: 'proxyId', type: 'string' }],
    async (call) =>
      (await scalarRange(call, session.node(stringArgument(call, 0, 'proxyId')))) ?? { min: 0, max: 1 },
  );
  define(
    context,
    'pv.color.manager.rescale.transfer.function',
    "Rescales a representation's colour map: {proxyId, type: 'data'|'custom', min?, max?}.",
    [{ name: 'options', type: '{proxyId, type, min?, max?}' }],
    (call) => {
      const options = (call.args[0] ?? {}) as Record<string, unknown>;
      const id = String(options.proxyId);
      const range = options.type === 'custom' ? [Number(options.min), Number(options.max)] : [];
      requireEditor(context, call);
      session.updateNode(id, { representation: { ScalarRange: range } });
      return { success: true, range };
    },
  );
  define(
    context,
    'pv.color.manager.surface.opacity.get',
    'Opacity of a representation.',
    [{ name: 'representation' }],
    (call) => session.node(stringArgument(call, 0, 'representation')).representation.Opacity,
  );
  define(
    context,
    'pv.color.manager.surface.opacity.set',
    'Sets the opacity of a representation (number in [0,1]; true = 0.5).',
    [{ name: 'representation' }, { name: 'opacity' }],
    (call) => {
      const value = call.args[1];
      return representation(call, { Opacity: typeof value === 'number' ? value : value ? 0.5 : 1 }).Opacity;
    },
  );
}
