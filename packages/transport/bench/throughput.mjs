#!/usr/bin/env node
// Inbound throughput: N JSON frames (~200 bytes) from a loopback `ws` server running in a worker
// thread, received through raw `ws` (parse in the handler) and through openSocket().messages$.
// Runs against the BUILT package: `pnpm --filter @callstream/transport build` first.
// Usage: node bench/throughput.mjs [frames=100000] [rounds=3]
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { WebSocket, WebSocketServer } from 'ws';

const FRAMES = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);

if (!isMainThread) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('listening', () => parentPort.postMessage(server.address().port));
  const filler = 'x'.repeat(140);
  server.on('connection', (socket) => {
    socket.once('message', (data) => {
      const count = JSON.parse(data.toString()).n;
      // Corked in batches: one write syscall per frame would make the server the bottleneck.
      const raw = socket._socket;
      for (let seq = 0; seq < count; seq += 1) {
        if (seq % 1000 === 0) raw.cork();
        socket.send(
          `{"event":"call_state","callid":"c-${seq % 1000}","seq":${seq},"pad":"${filler}"}`,
        );
        if (seq % 1000 === 999 || seq === count - 1) raw.uncork();
      }
    });
  });
} else {
  const { openSocket } = await import('../dist/index.js');
  const worker = new Worker(new URL(import.meta.url));
  const port = await new Promise((resolve) => worker.once('message', resolve));
  const url = `ws://127.0.0.1:${port}`;

  // `on('message')` is ws's native path; `onmessage` (what openSocket uses, being isomorphic)
  // adds ws's MessageEvent wrapper, so both are measured to show where the cost is.
  const raw = (style) =>
    new Promise((resolve) => {
      const socket = new WebSocket(url);
      let seen = 0;
      let started = 0;
      socket.on('open', () => {
        started = performance.now();
        socket.send(JSON.stringify({ n: FRAMES }));
      });
      const onFrame = (data) => {
        const frame = JSON.parse(typeof data === 'string' ? data : data.toString());
        if (frame.seq !== seen) throw new Error('out of order');
        seen += 1;
        if (seen === FRAMES) {
          const ms = performance.now() - started;
          socket.close();
          resolve(ms);
        }
      };
      if (style === 'on') socket.on('message', onFrame);
      else socket.onmessage = (event) => onFrame(event.data);
    });

  const viaTransport = () =>
    new Promise((resolve) => {
      let started = 0;
      const subscription = openSocket({ url }).subscribe((connection) => {
        let seen = 0;
        connection.messages$.subscribe((frame) => {
          if (frame.seq !== seen) throw new Error('out of order');
          seen += 1;
          if (seen === FRAMES) {
            const ms = performance.now() - started;
            subscription.unsubscribe();
            resolve(ms);
          }
        });
        started = performance.now();
        connection.send({ n: FRAMES });
      });
    });

  const results = { 'ws on(message)': [], 'ws onmessage': [], openSocket: [] };
  await raw('on'); // warm-up
  await raw('onmessage');
  await viaTransport();
  for (let round = 0; round < ROUNDS; round += 1) {
    results['ws on(message)'].push(await raw('on'));
    results['ws onmessage'].push(await raw('onmessage'));
    results.openSocket.push(await viaTransport());
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const [name, times] of Object.entries(results)) {
    const ms = median(times);
    console.log(
      `${name.padEnd(10)} ${FRAMES} frames: median ${ms.toFixed(0)} ms = ${Math.round((FRAMES / ms) * 1000).toLocaleString('en-US')} msg/s  (runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
    );
  }
  await worker.terminate();
}
