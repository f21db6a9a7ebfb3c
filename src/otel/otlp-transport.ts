// Two changes to OpenTelemetry's OTLP/HTTP metrics exporter so that a push
// never holds the process open, whatever the collector does:
//
// - One attempt per push. The stock transport retries a failed push up to
//   five times within OTEL_EXPORTER_OTLP_TIMEOUT, on timers that keep the
//   event loop alive: with a collector that is down, a finished application
//   waited 8-10 s to exit, or forever when the interval was shorter than the
//   retries. hpy-node's numbers are cumulative, so the next interval's push is
//   the retry and nothing is lost.
// - Sockets that do not keep the event loop alive, and that the reader can
//   close when a push is past its deadline (a connection that is still
//   connecting has no idle timeout in Node, so only closing it ends it).
//
// Both reach into the exporter (the delegate's transport, the HTTP
// transport's agent factory; the same in exporter-metrics-otlp-* 0.223 and
// 0.300-0.301, the 2.x and 3.x SDK lines, test/otel/sdk-lines.test.ts). The
// shape is checked, and a different one is an error saying which versions
// hpy-node works with.
import type { Agent, ClientRequest } from 'node:http';
import type { Socket } from 'node:net';

type AgentFactory = (protocol: string) => Agent | Promise<Agent>;

interface HttpTransport {
  send(data: Uint8Array, timeoutMillis: number): Promise<unknown>;
  shutdown(): void;
  _parameters: { agentFactory: AgentFactory };
}

interface ExporterInternals {
  _delegate?: { _transport?: HttpTransport | { _transport?: HttpTransport } };
}

export interface DetachedTransport {
  /** Closes every connection the exporter has open: a push in flight fails at once. */
  abort(): void;
}

function isHttpTransport(t: unknown): t is HttpTransport {
  const candidate = t as Partial<HttpTransport> | undefined;
  return typeof candidate?.send === 'function' && typeof candidate._parameters?.agentFactory === 'function';
}

/** Makes the sockets of `agent` not keep the process alive, and records them
 * in `sockets` until they close. */
function detachAgent(agent: Agent, sockets: Set<Socket>): Agent {
  const create = agent.createConnection.bind(agent);
  agent.createConnection = (...args: Parameters<Agent['createConnection']>) => {
    const socket = create(...args) as Socket | null | undefined;
    if (socket && typeof socket.unref === 'function') {
      socket.unref();
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    return socket;
  };
  // Node's agent refs a kept-alive socket again when it reuses it.
  const reuse = agent.reuseSocket.bind(agent);
  agent.reuseSocket = (socket: Socket, request: ClientRequest) => {
    reuse(socket, request);
    socket.unref();
  };
  return agent;
}

/** Rewires an OTLPMetricExporter (http/json or http/protobuf) in place: one
 * attempt per export, on sockets that do not hold the process open. */
export function detachTransport(exporter: object): DetachedTransport {
  const delegate = (exporter as ExporterInternals)._delegate;
  const outer = delegate?._transport;
  // The stock exporter wraps its HTTP transport in a retrying one.
  const http = isHttpTransport(outer) ? outer : (outer as { _transport?: unknown } | undefined)?._transport;
  if (!delegate || !isHttpTransport(http)) {
    throw new Error(
      'hpy-node/otel: this @opentelemetry/exporter-metrics-otlp-http/-proto is not a version hpy-node was tested with (0.223 and 0.300-0.301), ' +
        'so its pushes could keep the process alive; install one in the range of hpy-node\'s package.json (npm ls @opentelemetry/exporter-metrics-otlp-http)',
    );
  }
  delegate._transport = http;
  const sockets = new Set<Socket>();
  const makeAgent = http._parameters.agentFactory;
  http._parameters.agentFactory = async (protocol) => detachAgent(await makeAgent(protocol), sockets);
  return {
    abort() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
