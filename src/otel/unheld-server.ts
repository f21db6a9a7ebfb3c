// A metrics server must never be why an application keeps running. Node's
// server.unref() lets go of the listening socket only: every accepted
// connection is a handle of its own, and Prometheus keeps its connection
// open between scrapes (keep-alive), so a finished application with a
// scraper at a 1 s interval stayed up (4 runs of 5) until the scraper gave
// up the connection. Here connections are unref'd as they are accepted, and
// held only while a response is owed, so a scrape in flight is still
// answered but an idle one holds nothing.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Makes `server`, and each connection it accepts, leave the process free
 * to exit, except while a request on that connection is being answered. */
export function neverHoldTheProcess(server: Server): Server {
  // Requests owed an answer, per connection: HTTP/1.1 lets a client send the
  // next request before the last answer, and one answer finished must not
  // let go of a connection that owes another.
  const owed = new WeakMap<Socket, number>();
  server.unref();
  server.on('connection', (socket: Socket) => socket.unref());
  server.on('request', (req, res) => {
    const socket = req.socket;
    owed.set(socket, (owed.get(socket) ?? 0) + 1);
    socket.ref();
    // 'close' comes once per response, answered or cut off.
    res.once('close', () => {
      const left = (owed.get(socket) ?? 1) - 1;
      owed.set(socket, left);
      if (left === 0) socket.unref();
    });
  });
  return server;
}
