// The load generator of the http suite, in a worker thread: its own event loop, so the server's
// work and the client's do not queue behind each other on one thread. The parent sends one phase
// at a time:
//   { kind: 'list', count, path, headers }          GET `path` `count` times
//   { kind: 'resolve', ids, headers, resume }       POST /approvals/{id}/resolve once per id
//                                                   ({ status: 'approved', continue: resume })
// with an optional `ratePerSecond`, and gets back
// { count, seconds, perSecond, meanMs, p50Ms, p90Ms, p99Ms, maxMs, statuses, failureCount, failures }.
//
// Without a rate it is a closed loop, as autocannon -c runs: `connections` keep-alive sockets,
// each sending its next request when the previous answer has been read (so the mean latency is
// connections / throughput). With `ratePerSecond` it is an open loop, as autocannon -R or wrk2
// run: request i is due at start + i / rate and is sent on a free socket of the `connections`
// (waiting for one when all are busy); its latency counts from when it was due, so a server that
// falls behind is charged for the wait.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { percentile } from './statistics.mjs';

const { url, connections } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
const RESOLVE_BODIES = {
  true: JSON.stringify({ status: 'approved', continue: true }),
  false: JSON.stringify({ status: 'approved', continue: false }),
};

function send(method, path, headers, body, readBody) {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${path}`, { method, agent, headers }, (response) => {
      const chunks = [];
      if (readBody) response.on('data', (chunk) => chunks.push(chunk));
      else response.resume();
      response.on('end', () =>
        resolve({
          status: response.statusCode,
          body: readBody ? Buffer.concat(chunks).toString('utf8') : '',
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Sends request `index` of the phase; records its latency from `dueAt` and whether it did what it should. */
async function sendOne(phase, index, dueAt, record) {
  let outcome;
  try {
    outcome =
      phase.kind === 'resolve'
        ? await send(
            'POST',
            `/approvals/${phase.ids[index]}/resolve`,
            { ...phase.headers, 'content-type': 'application/json' },
            RESOLVE_BODIES[phase.resume === true],
            true,
          )
        : await send('GET', phase.path, phase.headers, undefined, false);
  } catch (error) {
    record(index, Number.NaN, undefined, String(error?.message ?? error));
    return;
  }
  // A resolve did its work when the record is approved and, with a resume, the run resumed.
  const done =
    outcome.status === 200 &&
    (phase.kind !== 'resolve' ||
      (phase.resume
        ? outcome.body.includes('"continued":true')
        : outcome.body.includes('"status":"approved"')));
  record(
    index,
    performance.now() - dueAt,
    outcome.status,
    done ? undefined : `${outcome.status}: ${outcome.body.slice(0, 300)}`,
  );
}

async function runPhase(phase) {
  const count = phase.kind === 'resolve' ? phase.ids.length : phase.count;
  const latencies = new Float64Array(count);
  const statuses = {};
  const failures = [];
  const record = (index, ms, status, failure) => {
    latencies[index] = ms;
    if (status !== undefined) statuses[status] = (statuses[status] ?? 0) + 1;
    if (failure !== undefined) failures.push(failure);
  };
  const started = performance.now();
  if (phase.ratePerSecond === undefined) {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(connections, count) }, async () => {
        while (next < count) {
          const index = next++;
          await sendOne(phase, index, performance.now(), record);
        }
      }),
    );
  } else {
    const interval = 1000 / phase.ratePerSecond;
    const inFlight = new Set();
    for (let index = 0; index < count; index++) {
      const dueAt = started + index * interval;
      const wait = dueAt - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      while (inFlight.size >= connections) await Promise.race(inFlight);
      const sending = sendOne(phase, index, dueAt, record).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    await Promise.all(inFlight);
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].filter((value) => !Number.isNaN(value)).sort((left, right) => left - right);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count,
    connections: Math.min(connections, count),
    ratePerSecond: phase.ratePerSecond ?? null,
    seconds,
    perSecond: count / seconds,
    meanMs: sorted.length ? total / sorted.length : null,
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? null,
    statuses,
    failureCount: failures.length,
    failures: failures.slice(0, 5),
  };
}

parentPort.on('message', async (phase) => {
  if (phase.kind === 'close') {
    agent.destroy();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ ok: true, result: await runPhase(phase) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error?.stack ?? error) });
  }
});
