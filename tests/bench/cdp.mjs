// A minimal Chrome DevTools Protocol client over the browser's own WebSocket, for what
// ChromeDriver's CDP endpoint cannot do: receive events (workers attaching) and talk to
// worker targets. Needs a global WebSocket (Node 22+, or Node 20 with --experimental-websocket).

export class Cdp {
  #socket;
  #nextId = 1;
  #pending = new Map();
  #listeners = new Set();

  constructor(socket) {
    this.#socket = socket;
    socket.addEventListener('message', ({ data }) => this.#receive(JSON.parse(data)));
  }

  /** Connects to the browser at `debuggerAddress` (host:port, as ChromeDriver reports it). */
  static async connect(debuggerAddress) {
    const version = await (await fetch(`http://${debuggerAddress}/json/version`)).json();
    const socket = new WebSocket(version.webSocketDebuggerUrl);
    await new Promise((open, fail) => {
      socket.addEventListener('open', open, { once: true });
      socket.addEventListener('error', () => fail(new Error(`cannot connect to ${version.webSocketDebuggerUrl}`)), {
        once: true,
      });
    });
    return new Cdp(socket);
  }

  /** Sends `method` (to the target of `sessionId`, or the browser) and resolves with its result. */
  send(method, params = {}, sessionId = undefined) {
    const id = this.#nextId++;
    this.#socket.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject, method }));
  }

  /** Calls `listener(method, params, sessionId)` for every event; returns a function that stops it. */
  onEvent(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close() {
    this.#socket.close();
  }

  #receive(message) {
    if (message.id === undefined) {
      for (const listener of this.#listeners) listener(message.method, message.params, message.sessionId);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.error) pending.reject(new Error(`${pending.method}: ${message.error.message}`));
    else pending.resolve(message.result);
  }
}
