/**
 * Plugins: ES modules in `--plugins DIR`, loaded once at start. Each default-exports
 * `{name, version, register(api)}`; `register` may add RPC methods, readers and filters. A plugin
 * that fails to import, to validate or to register is logged, listed with its error by
 * `periscope.plugins.list`, and skipped, with whatever it had registered taken back.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import * as catalogue from '../engine/filters/catalogue.js';
import type { FilterDefinition } from '../engine/filters/types.js';
import { registerReader } from '../engine/io/index.js';
import type { FormatReader } from '../engine/io/types.js';
import type { MethodHandler, ProtocolServer, RegisterMethodOptions } from '../protocol/index.js';

/** What a plugin's `register` receives. */
export interface PluginApi {
  /** Adds an RPC method (names must not collide with existing ones). */
  registerMethod(name: string, handler: MethodHandler, options: RegisterMethodOptions): void;
  /** Adds a source or filter to the catalogue (requires a catalogue that accepts additions). */
  registerFilter(definition: FilterDefinition): void;
  /** Adds a file reader (by extension and sniffing, like the built-in ones). */
  registerReader(reader: FormatReader): void;
  logger: Logger;
}

export interface PeriscopePlugin {
  name: string;
  version: string;
  register(api: PluginApi): void | Promise<void>;
}

export type PluginStatus =
  | { file: string; status: 'loaded'; name: string; version: string; registered: string[] }
  | { file: string; status: 'failed'; name: string | null; error: string };

const PLUGIN_EXTENSIONS = ['.js', '.mjs'];
const MAX_PLUGINS = 64;

export async function loadPlugins(
  directory: string,
  props: { protocol: ProtocolServer; logger: Logger },
): Promise<PluginStatus[]> {
  const root = resolve(directory);
  const files = (await readdir(root))
    .filter((file) => PLUGIN_EXTENSIONS.some((extension) => file.endsWith(extension)))
    .sort()
    .slice(0, MAX_PLUGINS);
  const results: PluginStatus[] = [];
  for (const file of files) results.push(await loadPlugin(join(root, file), props));
  return results;
}

async function loadPlugin(
  file: string,
  props: { protocol: ProtocolServer; logger: Logger },
): Promise<PluginStatus> {
  const undo: (() => void)[] = [];
  const registered: string[] = [];
  let name: string | null = null;
  try {
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    const plugin = validatePlugin(module.default);
    name = plugin.name;
    const logger = props.logger.child({ plugin: plugin.name });
    await plugin.register({
      logger,
      registerMethod(methodName, handler, options) {
        undo.push(props.protocol.registerMethod(methodName, handler, options));
        registered.push(`method:${methodName}`);
      },
      registerFilter(definition) {
        undo.push(catalogue.registerFilter(definition));
        registered.push(`filter:${definition.name}`);
      },
      registerReader(reader) {
        registerReader(reader);
        registered.push(`reader:${reader.format}`);
      },
    });
    logger.info({ version: plugin.version, registered }, 'plugin loaded');
    return { file, status: 'loaded', name: plugin.name, version: plugin.version, registered };
  } catch (error) {
    for (const take of undo.reverse()) take();
    const message = error instanceof Error ? error.message : String(error);
    props.logger.error({ file, plugin: name, err: error }, 'plugin skipped');
    return { file, status: 'failed', name, error: message };
  }
}

function validatePlugin(value: unknown): PeriscopePlugin {
  const plugin = value as Partial<PeriscopePlugin> | undefined;
  if (typeof plugin !== 'object' || plugin === null)
    throw new Error('no default export {name, version, register}');
  if (typeof plugin.name !== 'string' || !/^[\w.@/-]{1,100}$/.test(plugin.name))
    throw new Error('default export: name must be a non-empty identifier');
  if (typeof plugin.version !== 'string' || plugin.version.length === 0)
    throw new Error(`plugin ${plugin.name}: version must be a non-empty string`);
  if (typeof plugin.register !== 'function')
    throw new Error(`plugin ${plugin.name}: register must be a function`);
  return plugin as PeriscopePlugin;
}
