// Writes grafana/hpy-node-dashboard.json from the code in grafana/src.
// Run: npx tsx grafana/build.ts (test/grafana/dashboard.test.ts fails while
// the committed file differs from what this writes).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboard } from './src/dashboard';

export const DASHBOARD_PATH = join(__dirname, 'hpy-node-dashboard.json');

export function render(): string {
  return `${JSON.stringify(dashboard(), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(DASHBOARD_PATH, render());
  console.log(`wrote ${DASHBOARD_PATH}`);
}
