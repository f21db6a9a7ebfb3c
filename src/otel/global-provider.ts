// The application's global MeterProvider (metrics.getMeterProvider() of
// @opentelemetry/api), and a watch that reports each change of it.
//
// The watch polls rather than wrapping metrics.setGlobalMeterProvider: the
// global lives on globalThis, shared by every copy of @opentelemetry/api in
// the process, and a process can have several. With API 1.10 an
// application's ES modules get the API's ESM build and hpy-node (CommonJS)
// its CommonJS build, each with its own `metrics` object (bundlers do the
// same with 1.9's `module` build), and a nested install brings one more: a
// wrapper on one copy misses a provider set through another, and
// metrics.disable() could not be seen at all. Reading the global sees every copy's writes. The
// read is a property lookup and a version check, every WATCH_MS, on an
// unref'd timer that never keeps the process alive. A collection comes
// seconds after start-up (a scrape, an export interval), so a binding up to
// WATCH_MS after the provider is set is in time for it.
import { metrics, type MeterProvider } from '@opentelemetry/api';

export const WATCH_MS = 100;

/** The API's stand-in while no provider is set: what getMeterProvider()
 * returns then, and what a registration made too early was given. Known by
 * its class name, which every copy of the API shares (instances differ). */
export function isNoopMeterProvider(provider: MeterProvider): boolean {
  return provider.constructor?.name === 'NoopMeterProvider';
}

/** The global MeterProvider, or undefined while none is set. */
export function globalMeterProvider(): MeterProvider | undefined {
  const provider = metrics.getMeterProvider();
  return isNoopMeterProvider(provider) ? undefined : provider;
}

/** Calls `changed` whenever the global provider is no longer `current` (with
 * undefined when it was removed). Returns the function that stops watching. */
export function watchGlobalMeterProvider(current: MeterProvider | undefined, changed: (provider: MeterProvider | undefined) => void): () => void {
  let seen = current;
  const timer = setInterval(() => {
    const now = globalMeterProvider();
    if (now === seen) return;
    seen = now;
    changed(now);
  }, WATCH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
