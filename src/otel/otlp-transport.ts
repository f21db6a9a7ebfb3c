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
// transport's agent factory): sdk-internals.ts does that, checks the shape,
// and makes a different one an error saying which versions hpy-node works
// with.
import type { Agent, ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { rewireOtlpTransport } from './sdk-internals';

export interface DetachedTransport {
  /** Closes every connection the exporter has open: a push in flight fails at once. */
  abort(): void;
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
  const sockets = new Set<Socket>();
  rewireOtlpTransport(exporter, (makeAgent) => async (protocol) => detachAgent(await makeAgent(protocol), sockets));
  return {
    abort() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
