// Memory of a tab and each of its workers, after a full garbage collection, through CDP
// per target: `usedMB` is the V8 JS heap in use (Runtime.getHeapUsage); `wasmMB` is the
// size of every live WebAssembly.Memory (found with Runtime.queryObjects), which never
// shrinks, so it is the high-water mark of the wasm heap; `backingMB` is other ArrayBuffer
// backing stores. Not covered: compiled code (wasm or JS), Blink's own heap beyond
// `embedderMB`, allocator slack, and the rest of the renderer process.

const MB = 1e6;

/**
 * Measures the tab whose URL starts with `urlPrefix` and its dedicated workers. Returns
 * [{ target: 'page' | 'worker', url, usedMB, totalMB, embedderMB, backingMB, wasmMB }].
 */
export async function measureHeaps(cdp, urlPrefix) {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const page = targetInfos.find((t) => t.type === 'page' && t.url.startsWith(urlPrefix));
  if (!page) throw new Error(`no tab at ${urlPrefix}`);
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
  const workers = [];
  const stop = cdp.onEvent((method, params, from) => {
    if (method === 'Target.attachedToTarget' && from === sessionId) workers.push(params);
  });
  try {
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, sessionId);
    await new Promise((done) => setTimeout(done, 500)); // existing workers are announced as events
    const targets = [
      { target: 'page', url: page.url, sessionId },
      ...workers.map((w) => ({ target: w.targetInfo.type, url: w.targetInfo.url, sessionId: w.sessionId })),
    ];
    const heaps = [];
    for (const { target, url, sessionId: id } of targets) {
      try {
        await cdp.send('HeapProfiler.collectGarbage', {}, id);
        const usage = await cdp.send('Runtime.getHeapUsage', {}, id);
        heaps.push({
          target,
          url,
          usedMB: usage.usedSize / MB,
          totalMB: usage.totalSize / MB,
          embedderMB: (usage.embedderHeapUsedSize ?? 0) / MB,
          backingMB: (usage.backingStorageSize ?? 0) / MB,
          wasmMB: (await wasmMemoryBytes(cdp, id)) / MB,
        });
      } catch (err) {
        // A worker ended since it was announced (a peer restarted after a timeout).
        if (target === 'page' || !/Session with given id not found/.test(err.message)) throw err;
      }
    }
    return heaps;
  } finally {
    stop();
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  }
}

/** Total bytes of the WebAssembly memories alive in the target of `sessionId`. */
async function wasmMemoryBytes(cdp, sessionId) {
  const { result: prototype } = await cdp.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' }, sessionId);
  const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: prototype.objectId }, sessionId);
  const { result } = await cdp.send(
    'Runtime.callFunctionOn',
    {
      objectId: objects.objectId,
      functionDeclaration: 'function () { return this.reduce((sum, memory) => sum + memory.buffer.byteLength, 0); }',
      returnByValue: true,
    },
    sessionId,
  );
  await cdp.send('Runtime.releaseObject', { objectId: objects.objectId }, sessionId);
  await cdp.send('Runtime.releaseObject', { objectId: prototype.objectId }, sessionId);
  return result.value;
}
