// Turns the measurements into rows, checks that every implementation's counts agree,
// and prints the tables.

import { mbPerSecond } from './stats.mjs';

/** The pseudo-encoding of the rows that add up both encodings of a case. */
export const BOTH = 'both';

/**
 * One row per case and encoding, plus one per case for both encodings together: the page
 * counts every encoding for each paste in one worker, one after the other, so its "both"
 * time is the last hook's, set against the sum of each peer's two times.
 */
export function buildRows({ corpus, ours, peers, encodings, peerNames }) {
  const rows = [];
  for (const { name, bytes } of corpus) {
    const oursByEncoding = ours?.cases[name] ?? {};
    const peersByEncoding = peers?.cases[name] ?? {};
    for (const encoding of encodings) {
      const mine = oursByEncoding[encoding];
      const theirs = Object.fromEntries(peerNames.map((peer) => [peer, peersByEncoding[encoding]?.[peer] ?? null]));
      rows.push(row(name, bytes, encoding, mine ?? null, theirs));
    }
    if (encodings.length > 1) {
      const mine = encodings.map((e) => oursByEncoding[e]);
      const both = mine.every(Boolean)
        ? combine(mine, (list) => Math.max(...list), ['ms', 'netMs'], { workerMs: (list) => list.reduce((a, b) => a + b, 0) })
        : null;
      const theirs = Object.fromEntries(
        peerNames.map((peer) => {
          const list = encodings.map((e) => peersByEncoding[e]?.[peer]);
          return [peer, list.every(Boolean) ? combine(list, (l) => l.reduce((a, b) => a + b, 0), ['insideMs', 'endToEndMs']) : null];
        }),
      );
      rows.push(row(name, bytes, BOTH, both, theirs));
    }
  }
  return rows;
}

function combine(results, reduce, fields, others = {}) {
  if (results.some((r) => r.status !== 'ok')) return { status: 'timeout' };
  const combined = { status: 'ok', count: null, ...Object.fromEntries(fields.map((f) => [f, reduce(results.map((r) => r[f]))])) };
  for (const [field, f] of Object.entries(others)) {
    const values = results.map((r) => r[field]);
    combined[field] = values.every((v) => Number.isFinite(v)) ? f(values) : null;
  }
  return combined;
}

function row(caseName, bytes, encoding, mine, theirs) {
  const ours = mine && {
    status: mine.status,
    count: mine.count,
    ms: mine.ms,
    netMs: mine.netMs,
    mbps: mine.status === 'ok' ? mbPerSecond(bytes, mine.ms) : null,
    netMbps: mine.status === 'ok' ? mbPerSecond(bytes, mine.netMs) : null,
    workerMs: mine.workerMs ?? null,
    workerMbps: mine.status === 'ok' && mine.workerMs ? mbPerSecond(bytes, mine.workerMs) : null,
  };
  const peers = {};
  const ratios = {};
  for (const [peer, result] of Object.entries(theirs)) {
    peers[peer] = result && {
      status: result.status,
      count: result.count,
      insideMs: result.insideMs,
      endToEndMs: result.endToEndMs,
      mbps: result.status === 'ok' ? mbPerSecond(bytes, result.insideMs) : null,
      endToEndMbps: result.status === 'ok' ? mbPerSecond(bytes, result.endToEndMs) : null,
    };
    ratios[peer] = ours?.netMbps && peers[peer]?.mbps ? ours.netMbps / peers[peer].mbps : null;
    ratios[`${peer} in-worker`] = ours?.workerMbps && peers[peer]?.mbps ? ours.workerMbps / peers[peer].mbps : null;
  }
  return { case: caseName, bytes, encoding, ours, peers, ratios };
}

/**
 * Every case and encoding where the implementations that finished disagree on the count,
 * and the start-up prompt if its counts disagree.
 */
export function findMismatches({ corpus, ours, peers, encodings, peerNames }) {
  const mismatches = [];
  const check = (what, encoding, counts, text) => {
    const known = Object.values(counts).filter((c) => c !== null && c !== undefined);
    if (new Set(known).size > 1) {
      const hint = text?.includes('\uFEFF') ? 'the text has U+FEFF, on which gpt-tokenizer is known to differ' : '';
      mismatches.push({ case: what, encoding, counts, hint });
    }
  };
  for (const { name, text } of corpus) {
    for (const encoding of encodings) {
      const results = { ours: ours?.cases[name]?.[encoding] };
      for (const peer of peerNames) results[peer] = peers?.cases[name]?.[encoding]?.[peer];
      const counts = Object.fromEntries(Object.entries(results).map(([who, r]) => [who, r?.count ?? null]));
      check(name, encoding, counts, text);
      const varying = Object.keys(results).filter((who) => results[who]?.countsVary);
      if (varying.length) mismatches.push({ case: name, encoding, counts, hint: `counts changed between runs: ${varying.join(', ')}` });
    }
  }
  for (const encoding of encodings) {
    const counts = { ours: ours?.startup.counts?.[encoding] ?? null };
    for (const peer of peerNames) counts[peer] = peers?.startup[peer]?.[encoding]?.count ?? null;
    check('start-up prompt', encoding, counts, '');
  }
  return mismatches;
}

/** Prints everything a person needs from `results` (see tokenizers.mjs for its shape). */
export function printReport(results) {
  const { meta, rows, ours, peers, mismatches, peerNames } = results;
  const out = [];
  out.push(
    `Tokenizer benchmark: ${meta.date}, Chromium ${meta.chromium}, Node ${meta.node}, ${meta.cpus} CPUs, ` +
      `load average ${meta.loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${meta.loadAfter.map((l) => l.toFixed(2)).join(' ')} after`,
  );
  out.push(`Build: ${meta.dist} (${meta.distFiles.filter((f) => f.endsWith('.wasm')).join(', ')}), copied at the start.`);
  out.push(`Runs per case: ${meta.options.runs} (median), timeout ${meta.options.timeoutMs / 1000} s per case.`);
  if (ours) {
    const overhead = Object.entries(ours.overheadMs).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ');
    out.push(`Our fixed overhead per paste (debounce + round trip, median of tiny texts): ${overhead}.`);
  }
  out.push('');
  out.push('Throughput, MB/s (1 MB = 1,000,000 bytes of UTF-8; higher is better)');
  out.push(
    'ours raw = paste to hook ready; ours net = less the fixed overhead; peers = around encode(text).length in the worker, e2e = postMessage to reply.',
  );
  const hooks = ours ? [...new Set(Object.values(ours.cases).flatMap((byTokenizer) => Object.keys(byTokenizer)))] : [];
  out.push(
    `"${BOTH}" rows: ours = the later of the two hooks to be ready, peers = the sum of their two encodings.` +
      (hooks.length ? ` The page has ${hooks.length} token-count hooks (${hooks.sort().join(', ')}), all counted for each paste.` : ''),
  );
  out.push('ours worker = the worker\'s own time for that encoding (data-count-ms), like the peers\' in-worker time.');
  out.push('ours÷peer = ours net MB/s ÷ the peer\'s in-worker MB/s (the page counts every tokenizer per paste);');
  out.push('worker÷peer = ours worker MB/s ÷ the peer\'s in-worker MB/s: one encoding against one. Above 1×, ours is faster.');
  const headers = ['case', 'MB', 'encoding', 'ours raw', 'ours net', 'ours worker'];
  for (const peer of peerNames) headers.push(peer, `${peer} e2e`);
  for (const peer of peerNames) headers.push(`ours÷${peer}`, `worker÷${peer}`);
  const ratio = (value) => (value === null || value === undefined ? '—' : `${value.toFixed(2)}×`);
  const body = rows.map((r) => {
    const cells = [
      r.case,
      (r.bytes / 1e6).toFixed(2),
      r.encoding,
      speed(r.ours, 'mbps'),
      speed(r.ours, 'netMbps'),
      speed(r.ours, 'workerMbps'),
    ];
    for (const peer of peerNames) cells.push(speed(r.peers[peer], 'mbps'), speed(r.peers[peer], 'endToEndMbps'));
    for (const peer of peerNames) cells.push(ratio(r.ratios[peer]), ratio(r.ratios[`${peer} in-worker`]));
    return cells;
  });
  out.push(table(headers, body));
  if (ours) {
    const paste = Object.entries(ours.cases).map(([name, byTokenizer]) => {
      const first = Object.values(byTokenizer)[0];
      return `${name} ${first?.pasteMs?.toFixed(0) ?? '—'}`;
    });
    out.push(`Of ours raw, setting the textarea and firing input on the main thread took (ms): ${paste.join(', ')}.`);
  }

  out.push('');
  out.push('Start-up, ms (median over loads)');
  const startupRows = [];
  if (ours) {
    // Hooks that became ready together share a row.
    const byMs = new Map();
    for (const [tokenizer, ms] of Object.entries(ours.startup.readyMs)) byMs.set(ms, [...(byMs.get(ms) ?? []), tokenizer]);
    for (const [ms, tokenizers] of byMs) {
      const label = tokenizers.length > 2 ? `ours, ${tokenizers.length} hooks` : `ours ${tokenizers.join(', ')}`;
      startupRows.push([label, 'navigation → hook ready (sample prompt)', ms.toFixed(0), `prompt box at ${ours.startup.mountMs.toFixed(0)}`]);
    }
  }
  for (const [peer, byEncoding] of Object.entries(peers?.startup ?? {})) {
    for (const [encoding, s] of Object.entries(byEncoding)) {
      startupRows.push([
        `${peer} ${encoding}`,
        'new Worker → first count (same prompt)',
        s.startupMs.toFixed(0),
        `import ${s.importMs.toFixed(0)}, init ${s.initMs.toFixed(0)}, first encode ${s.firstEncodeMs.toFixed(1)}`,
      ]);
    }
  }
  out.push(table(['what', 'span', 'ms', 'detail'], startupRows));

  const memoryRows = memoryTable(ours?.memory, peers?.memory);
  if (memoryRows.length) {
    out.push('');
    out.push('Memory, MB, per target after a full GC, through CDP: JS = V8 heap used; wasm = WebAssembly.Memory sizes');
    out.push('(never shrinks: the high-water mark); buf = other ArrayBuffers. Compiled code and the rest of the process not included.');
    out.push(
      table(['target', 'JS (load)', 'wasm (load)', 'buf (load)', 'JS (after)', 'wasm (after)', 'buf (after)', 'total (after)'], memoryRows),
    );
  }

  out.push('');
  out.push('Token counts ("timeout" where an implementation did not finish)');
  out.push(table(['case', 'encoding', 'ours', ...peerNames], countRows(results)));
  const unverified = countRows(results).filter((cells) => cells.slice(2).filter((c) => /^\d+$/.test(c)).length < 2);
  if (unverified.length) {
    out.push(`Unverified (fewer than two counts to compare): ${unverified.map(([c, e]) => `${c} ${e}`).join(', ')}.`);
  }
  if (mismatches.length === 0) {
    out.push('Counts: every implementation that finished agrees on every case and encoding.');
  } else {
    out.push('!!!!!!!! COUNT MISMATCHES !!!!!!!!');
    for (const m of mismatches) out.push(`!!! ${m.case} ${m.encoding}: ${JSON.stringify(m.counts)} ${m.hint}`);
  }
  console.log(out.join('\n'));
}

function countRows({ rows, peerNames }) {
  const shown = (result) => (!result ? '—' : result.status === 'timeout' ? 'timeout' : String(result.count));
  return rows
    .filter((r) => r.encoding !== BOTH)
    .map((r) => [r.case, r.encoding, shown(r.ours), ...peerNames.map((peer) => shown(r.peers[peer]))]);
}

function speed(result, field) {
  if (!result) return '—';
  if (result.status === 'timeout') return 'timeout';
  const value = result[field];
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function memoryTable(oursMemory, peersMemory) {
  const rows = [];
  const add = (label, afterLoad, afterCases) => {
    const three = (h) => (h ? [h.usedMB, h.wasmMB, h.backingMB].map((mb) => mb.toFixed(1)) : ['—', '—', '—']);
    const total = afterCases ? (afterCases.usedMB + afterCases.wasmMB + afterCases.backingMB).toFixed(1) : '—';
    rows.push([label, ...three(afterLoad), ...three(afterCases), total]);
  };
  const byUrl = (heaps) => new Map((heaps ?? []).map((h) => [h.target === 'page' ? 'page' : h.url, h]));
  for (const [prefix, memory] of [['ours', oursMemory], ['peers', peersMemory]]) {
    if (!memory?.afterLoad) continue;
    const load = byUrl(memory.afterLoad);
    const cases = byUrl(memory.afterCases);
    const labelled = [...load].map(([key, heap]) => [`${prefix}: ${targetLabel(key, heap)}`, key, heap]);
    labelled.sort(([a], [b]) => a.localeCompare(b));
    for (const [label, key, heap] of labelled) add(label, heap, cases.get(key));
  }
  return rows;
}

function targetLabel(key, heap) {
  if (key === 'page') return 'page main thread';
  const url = new URL(heap.url);
  const peer = url.searchParams.get('peer');
  return peer ? `worker ${peer} ${url.searchParams.get('encoding')}` : `worker ${url.pathname.split('/').pop()}`;
}

/** `rows` (arrays of strings) under `headers`, columns padded; numbers right-aligned. */
function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^[\d.×—-]+$|^timeout$/.test(String(r[i]))));
  const line = (cells) =>
    cells.map((c, i) => (numeric[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
