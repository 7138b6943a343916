import http from 'node:http';
import { spawn } from 'node:child_process';

interface ProbeResult {
  target: string;
  ok: boolean;
  status?: number;
}

function probeHttp(target: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = http.get(target, (res) => { // expect: missing-timeout
      res.resume();
      resolve({ target, ok: (res.statusCode ?? 500) < 400, status: res.statusCode });
    });
    req.on('error', () => resolve({ target, ok: false }));
  });
}

function probePing(host: string): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ping', ['-c', '3', host], { stdio: 'ignore' }); // expect: missing-timeout
    child.on('error', reject);
    child.on('exit', (code) => resolve({ target: host, ok: code === 0 }));
  });
}

export async function runProbes(urls: string[], hosts: string[]): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  const [first, second] = urls;
  if (first) results.push(await probeHttp(first));
  if (second) results.push(await probeHttp(second));
  const [gateway] = hosts;
  if (gateway) results.push(await probePing(gateway));
  return results;
}
