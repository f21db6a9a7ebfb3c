// The OTLP push schedule: a MetricReader that collects and exports every
// interval and never keeps the process alive. OpenTelemetry's
// PeriodicExportingMetricReader bounds each export with a timer that holds
// the event loop, and starts the next export once that timer fires even if
// the last one is still hanging; with a short interval and a collector that
// does not answer, a finished application never exited. Here:
//
// - the interval and every deadline are unref'd timers;
// - one push at a time: a tick while a push is in flight is skipped;
// - a push past its deadline is given up: `abort` closes its connection and
//   the push counts as failed ("timed out after N ms").
//
// Keeping the process alive long enough for the last push is the caller's
// decision (startOtlpExporter's shutdown does it, for at most the timeout).
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { MetricReader, type MetricProducer, type PushMetricExporter } from '@opentelemetry/sdk-metrics';

export interface PushReaderOptions {
  exporter: PushMetricExporter;
  intervalMillis: number;
  /** Deadline of each push (collection and export). */
  timeoutMillis: number;
  metricProducers?: MetricProducer[];
  /** Closes the connection of a push given up at its deadline. */
  abort?: () => void;
  /** Sees the result of every push, success or not. */
  onResult?: (result: ExportResult) => void;
}

const failed = (error: Error): ExportResult => ({ code: ExportResultCode.FAILED, error });

/** The error of a push that ran out of its timeoutMillis. */
export class PushTimeoutError extends Error {}

/** Settles with `work`, or with `onLate()` after `ms` on a timer that does not hold the process. */
function withDeadline<T>(work: Promise<T>, ms: number, onLate: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(onLate()), ms);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

export class PushReader extends MetricReader {
  private readonly options: PushReaderOptions;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<ExportResult> | undefined;

  constructor(options: PushReaderOptions) {
    const { exporter } = options;
    super({
      aggregationSelector: exporter.selectAggregation?.bind(exporter),
      aggregationTemporalitySelector: exporter.selectAggregationTemporality?.bind(exporter),
      metricProducers: options.metricProducers,
    });
    this.options = options;
  }

  protected override onInitialized(): void {
    this.timer = setInterval(() => {
      if (!this.inFlight) void this.push();
    }, this.options.intervalMillis);
    this.timer.unref();
  }

  /** Collects and exports once. Never rejects; settles within timeoutMillis. */
  push(): Promise<ExportResult> {
    const run: Promise<ExportResult> = this.collectAndExport()
      .catch((err: unknown) => failed(err instanceof Error ? err : new Error(String(err))))
      .then((result) => {
        if (this.inFlight === run) this.inFlight = undefined;
        this.options.onResult?.(result);
        return result;
      });
    this.inFlight = run;
    return run;
  }

  private collectAndExport(): Promise<ExportResult> {
    const { exporter, timeoutMillis } = this.options;
    const work = (async (): Promise<ExportResult> => {
      const { resourceMetrics } = await this.collect({ timeoutMillis });
      await resourceMetrics.resource.waitForAsyncAttributes?.();
      return new Promise<ExportResult>((resolve) => exporter.export(resourceMetrics, resolve));
    })();
    return withDeadline(work, timeoutMillis, () => {
      this.options.abort?.();
      return failed(new PushTimeoutError(`timed out after ${timeoutMillis} ms (OTEL_METRIC_EXPORT_TIMEOUT)`));
    });
  }

  protected override async onForceFlush(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    await this.push();
  }

  protected override async onShutdown(): Promise<void> {
    clearInterval(this.timer);
    // The last numbers go now, not after a push that is stuck.
    if (this.inFlight) {
      this.options.abort?.();
      await this.inFlight;
    }
    await this.push();
    await withDeadline(this.options.exporter.shutdown(), this.options.timeoutMillis, () => undefined);
  }
}
