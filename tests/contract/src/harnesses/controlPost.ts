import { request } from 'node:http';

/**
 * POSTs JSON to an emulator's control API without keeping the connection alive (a probe process
 * must be able to exit by itself right after).
 */
export function post(url: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', () => resolve());
      },
    );
    sent.on('error', reject);
    sent.end(JSON.stringify(body));
  });
}
