/**
 * Methods every Periscope protocol server answers: wslink's `application.exit[.later]`
 * (PROTOCOL.md §3.5, called by the JS clients' destroy()), the method listing that client
 * proxies are built from, and explicit topic subscriptions (a Periscope extension; wslink
 * clients never call it and keep receiving every topic).
 */
import { PropertyError } from '../errors.js';
import type { ConnectionContext } from './connection-context.js';
import { BuiltinMethod } from './envelope.js';
import type { MethodRegistry } from './registry.js';
import { ServerConnection } from './server-connection.js';

export interface BuiltinMethodsProps {
  registry: MethodRegistry;
  /** Called for `application.exit` (0) and `application.exit.later [seconds]`. */
  onExitRequested: (delaySeconds: number, clientId: string) => void;
}

export function registerBuiltinMethods(props: BuiltinMethodsProps): void {
  const { registry } = props;
  registry.register(
    BuiltinMethod.listMethods,
    async () => {
      await registry.loaded();
      return registry.list();
    },
    {
      description: 'Lists the callable methods with their descriptions and arguments.',
    },
  );
  const topicsArgument = [{ name: 'topics', type: 'string | string[]', description: 'dotted topic names' }];
  registry.register(
    BuiltinMethod.subscribeTopics,
    ({ args, connection }) => serverSide(connection).subscribeTopics(topicList(args[0])),
    {
      description:
        'Receive only the listed topics from now on (plus any subscribed later); returns the subscribed topics.',
      args: topicsArgument,
    },
  );
  registry.register(
    BuiltinMethod.unsubscribeTopics,
    ({ args, connection }) => serverSide(connection).unsubscribeTopics(topicList(args[0])),
    { description: 'Stop receiving the listed topics; returns the subscribed topics.', args: topicsArgument },
  );
  registry.register(
    BuiltinMethod.exit,
    ({ connection }) => {
      props.onExitRequested(0, connection.clientId);
      return null;
    },
    { description: 'Asks the server process to exit now (wslink).' },
  );
  registry.register(
    BuiltinMethod.exitLater,
    ({ args, connection }) => {
      const seconds = typeof args[0] === 'number' && Number.isFinite(args[0]) && args[0] >= 0 ? args[0] : 60;
      props.onExitRequested(seconds, connection.clientId);
      return null;
    },
    {
      description: 'Asks the server process to exit after a delay (wslink clients call it on destroy).',
      args: [{ name: 'seconds', type: 'number', optional: true }],
    },
  );
}

function topicList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((topic): topic is string => typeof topic === 'string'))
    throw new PropertyError('periscope.topics', 'topics', 'must be a topic name or a list of them');
  return list;
}

function serverSide(connection: ConnectionContext): ServerConnection {
  if (!(connection instanceof ServerConnection)) throw new TypeError('not a protocol server connection');
  return connection;
}
