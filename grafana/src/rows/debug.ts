// Row 5, collapsed: debug mode's numbers per module (hpy.debug.*), which
// exist only while a module is loaded in debug mode. Open it when one is.
import { config, rate, series } from '../config';
import { RowSpec, timeseries } from '../common';

const { metrics: m, labels: l } = config;

export function debugRow(): RowSpec {
  return {
    title: 'Debug mode (modules loaded with HPY=debug)',
    collapsed: true,
    panels: [
      timeseries({
        title: 'Open debug handles per module',
        description:
          'Debug handles each module in debug mode holds open (hpy.debug.open_handles, in the exporting environment). A line that only grows is a leak: hpy-node/debug\'s LeakDetector names the handles and where they were made.',
        unit: 'short',
        queries: [{ expr: `sum by (${l.module}) (${series(m.debugOpenHandles, 'module')})`, legend: `{{${l.module}}}` }],
        w: 12,
      }),
      timeseries({
        title: 'Invalid uses per second per module',
        description:
          'Misuses debug mode detected per second (hpy.debug.invalid_uses): closed or foreign handles, double closes, builders after build, contexts after their call. Each one failed a call, or ran on_invalid_handle.',
        unit: 'ops',
        queries: [{ expr: `sum by (${l.module}) (${rate(m.debugInvalidUses, 'module')})`, legend: `{{${l.module}}}` }],
        w: 12,
      }),
    ],
  };
}
