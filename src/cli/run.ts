// `hpy-node run [--port N] script.js [args...]`: runs a script with every
// HPy module traced (HPY=trace unless HPY is already set) and the configured
// exporters started through hpy-node/register, as `node --require` would.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REGISTER = join(__dirname, '..', 'register.js');

export function run(args: string[], usage: string): void {
  const env = { ...process.env };
  let i = 0;
  for (; i < args.length && args[i].startsWith('-'); i++) {
    if (args[i] === '-h' || args[i] === '--help') {
      console.log(usage);
      return;
    } else if (args[i] === '--port') {
      const port = args[++i];
      if (!port || !/^\d+$/.test(port) || Number(port) > 65535) {
        process.stderr.write(`hpy-node run: --port needs a port number (0-65535), got ${JSON.stringify(port)}\n`);
        process.exit(2);
      }
      env.OTEL_EXPORTER_PROMETHEUS_PORT = port;
    } else {
      process.stderr.write(`hpy-node run: unknown option ${args[i]}\n${usage}\n`);
      process.exit(2);
    }
  }
  const [script, ...rest] = args.slice(i);
  if (!script) {
    process.stderr.write(`hpy-node run: give the script to run\n${usage}\n`);
    process.exit(2);
  }
  if (!env.HPY) env.HPY = 'trace'; // an empty HPY counts as unset
  const child = spawn(process.execPath, ['--require', REGISTER, script, ...rest], { env, stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal's process group; forward
  // other signals explicitly and exit as the child did.
  for (const sig of ['SIGTERM', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
