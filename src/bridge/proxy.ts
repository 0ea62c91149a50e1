// Per-link network faults between real etcd members, without root (issue 19).
//
// Each member advertises its peer URL as a proxy owned by the bridge, which forwards to the member's real peer
// port (etcd's functional tester injects faults the same way). etcd's peer transport (rafthttp) names the
// sender of every connection in the `X-Server-From` header of its first request (member id in hex), so one
// proxy per member can cut exactly the links a partition asks for: the proxy in front of B refuses and closes
// the connections that A opened while A–B is cut. Streams opened by A carry B→A messages and pipelines carry
// A→B ones, so closing A's connections at B and B's at A cuts both directions.
import net from 'node:net';

/** Who may talk to whom: a link is cut when `isCut(from, to)` says so (names as the bridge knows them). */
export interface LinkPolicy {
  isCut(from: string, to: string): boolean;
}

export interface PeerProxy {
  readonly port: number;
  /** Close the open connections from peers whose link to this member is now cut. */
  enforce(): void;
  close(): Promise<void>;
}

/**
 * Who sends on a connection, from its request headers: the sender's advertised peer URL (`X-Peerurls`, which
 * is the sender's own proxy here) and its member id (`X-Server-From`, hex). Only whole header lines count
 * (ended by CRLF), so a header split across two chunks is read once it is complete.
 */
export function senderOf(text: string): { peerUrl: string | null; id: string | null } {
  const id = /^x-server-from:[ \t]*([0-9a-f]+)[ \t]*\r\n/im.exec(text);
  const url = /^x-peerurls:[ \t]*([^\s,]+)[^\r\n]*\r\n/im.exec(text);
  return { peerUrl: url ? url[1] : null, id: id ? id[1].toLowerCase() : null };
}

/**
 * Start the proxy in front of member `to`, forwarding to its real peer port. `nameOf` maps a sender to the
 * bridge's member name; connections that name no known sender (`GET /members`, version probes) pass.
 */
export function startPeerProxy(opts: {
  to: string;
  listenPort: number;
  targetPort: number;
  policy: LinkPolicy;
  nameOf: (sender: { peerUrl: string | null; id: string | null }) => string | undefined;
}): Promise<PeerProxy> {
  type Conn = { from: string | undefined; a: net.Socket; b: net.Socket };
  const open = new Set<Conn>();
  const cut = (c: Conn) => c.from !== undefined && opts.policy.isCut(c.from, opts.to);
  const server = net.createServer((a) => {
    a.setNoDelay(true);
    const b = net.connect(opts.targetPort, '127.0.0.1');
    b.setNoDelay(true);
    const conn: Conn = { from: undefined, a, b };
    open.add(conn);
    // Go's HTTP client reuses an idle connection for later requests: one opened by an anonymous request
    // (GET /members) may carry raft messages next. So look for the sender's headers in every request until
    // one names it (the text of a header, split across chunks, is caught with the tail of the last chunk).
    let tail = '';
    a.on('data', (chunk: Buffer) => {
      if (conn.from === undefined) {
        const text = tail + chunk.toString('latin1');
        const sender = senderOf(text);
        conn.from = opts.nameOf(sender);
        tail = text.slice(-512);
      }
      if (cut(conn)) return done();
      if (!b.write(chunk)) {
        a.pause();
        b.once('drain', () => a.resume());
      }
    });
    b.on('data', (chunk: Buffer) => {
      if (cut(conn)) return done();
      if (!a.write(chunk)) {
        b.pause();
        a.once('drain', () => b.resume());
      }
    });
    const done = () => {
      open.delete(conn);
      a.destroy();
      b.destroy();
    };
    a.on('close', done).on('error', done);
    b.on('close', done).on('error', done);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listenPort, '127.0.0.1', () => {
      resolve({
        port: opts.listenPort,
        enforce() {
          for (const c of [...open]) {
            if (cut(c)) {
              open.delete(c);
              c.a.destroy();
              c.b.destroy();
            }
          }
        },
        close() {
          for (const c of open) {
            c.a.destroy();
            c.b.destroy();
          }
          open.clear();
          return new Promise<void>((r) => server.close(() => r()));
        },
      });
    });
  });
}
