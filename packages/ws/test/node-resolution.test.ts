import { join, sep } from 'node:path';
import { describe, it } from 'vitest';
import { createConsumerDir, packageDir } from './support/consumer-dir';
import { startEchoServer } from './support/echo-server';
import { cjsProbe, esmProbe, type ProbeReport } from './support/probes';
import { lastJsonLine, runNode } from './support/run-node';

const dist = join(packageDir, 'dist') + sep;

// Each test is one child process and one echo server of its own, so they run concurrently;
// concurrent tests must assert with the `expect` of their own context.

/** Runs a probe in a fresh consumer project against a fresh echo server. */
async function probe(kind: 'esm' | 'cjs', nodeFlags: readonly string[]): Promise<ProbeReport> {
  await using consumer = await createConsumerDir();
  await using echo = await startEchoServer();
  const file = await consumer.write(
    kind === 'esm' ? 'probe.mjs' : 'probe.cjs',
    kind === 'esm' ? esmProbe : cjsProbe,
  );
  const result = await runNode([...nodeFlags, file], consumer.path, { ECHO_URL: echo.url });
  return lastJsonLine<ProbeReport>(result);
}

describe.concurrent('Node resolves the ws implementation through the node condition', () => {
  it('ESM import gets the ws class from dist/node.js and it talks to a real socket', async ({
    expect,
  }) => {
    const report = await probe('esm', []);
    expect(report).toMatchObject({ implementation: 'ws', isWsClass: true, isGlobal: false });
    expect(report.resolved).toBe(`${dist}node.js`);
    expect(report.echoed).toBe('hello ws');
  });

  it('CJS require gets the same class from dist/node.cjs', async ({ expect }) => {
    const report = await probe('cjs', []);
    expect(report).toMatchObject({ implementation: 'ws', isWsClass: true, isGlobal: false });
    expect(report.resolved).toBe(`${dist}node.cjs`);
    expect(report.echoed).toBe('hello ws');
  });

  it('still prefers ws where Node also has a global WebSocket', async ({ expect }) => {
    const report = await probe('esm', ['--experimental-websocket']);
    expect(report).toMatchObject({ implementation: 'ws', isWsClass: true, hasGlobal: true });
  });
});

describe.concurrent.each(['browser', 'worker', 'react-native', 'deno', 'bun'])(
  'the %s condition wins over node',
  (condition) => {
    const flags = [`--conditions=${condition}`, '--experimental-websocket', '--no-warnings'];

    it('ESM import gets globalThis.WebSocket and it talks to a real socket', async ({ expect }) => {
      const report = await probe('esm', flags);
      expect(report).toMatchObject({ implementation: 'global', isGlobal: true, isWsClass: false });
      expect(report.resolved).toBe(`${dist}browser.js`);
      expect(report.echoed).toBe('hello global');
    });

    it('CJS require gets globalThis.WebSocket from dist/browser.cjs', async ({ expect }) => {
      const report = await probe('cjs', flags);
      expect(report).toMatchObject({ implementation: 'global', isGlobal: true, isWsClass: false });
      expect(report.resolved).toBe(`${dist}browser.cjs`);
      expect(report.echoed).toBe('hello global');
    });
  },
);

describe.concurrent('a browser entry in a runtime without a global WebSocket', () => {
  it.for(['esm', 'cjs'] as const)(
    '%s: imports fine, reports unavailable, and throws a typed error on new',
    async (kind, { expect }) => {
      const report = await probe(kind, ['--conditions=browser']);
      expect(report).toMatchObject({
        implementation: 'unavailable',
        hasGlobal: false,
        isWsClass: false,
      });
      expect(report.echoed).toBeUndefined();
      expect(report.error).toMatchObject({
        name: 'WebSocketUnavailableError',
        code: 'ERR_WEBSOCKET_UNAVAILABLE',
      });
      expect(report.error?.message).toMatch(/--experimental-websocket/);
    },
  );
});
