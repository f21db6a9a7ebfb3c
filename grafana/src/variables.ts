// The datasource variable, then job -> instance -> module -> function, each
// filtered by the ones before it so the lists only offer what exists.
import { config, selector } from './config';
import { datasource } from './common';
import { DatasourceVariable, QueryVariable, Variable } from './model';

const { labels: l, variables: v, metrics: m } = config;

function queryVariable(name: string, label: string, description: string, promLabel: string, filter: string): QueryVariable {
  const query = `label_values(${m.calls}${filter ? `{${filter}}` : ''}, ${promLabel})`;
  return {
    type: 'query',
    name,
    label,
    description,
    datasource,
    query,
    definition: query,
    current: { selected: true, text: ['All'], value: ['$__all'] },
    hide: 0,
    refresh: 2,
    regex: '',
    sort: 1,
    includeAll: true,
    // ".*" rather than Grafana's default (a|b|...) alternation: shorter
    // queries, and series that appear later are included without a refresh.
    allValue: '.*',
    multi: true,
    options: [],
  };
}

export function variables(): Variable[] {
  const ds: DatasourceVariable = {
    type: 'datasource',
    name: config.datasourceVariable,
    label: 'Data source',
    query: 'prometheus',
    // Replaced at import by the datasource chosen for the DS_PROMETHEUS input.
    current: { selected: false, text: 'Prometheus', value: `\${${config.datasourceInput}}` },
    hide: 0,
    refresh: 1,
    regex: '',
    includeAll: false,
    multi: false,
    options: [],
  };
  const jobOnly = `${l.job}=~"$${v.job}"`;
  const process = `${jobOnly}, ${l.instance}=~"$${v.instance}"`;
  return [
    ds,
    queryVariable(v.job, 'Job', 'Prometheus scrape job of the hpy-node processes.', l.job, ''),
    queryVariable(v.instance, 'Instance', 'Scraped endpoint (host:port) of one hpy-node process.', l.instance, jobOnly),
    queryVariable(v.module, 'Module', 'HPy extension module (the hpy.module attribute).', l.module, process),
    queryVariable(v.function, 'Function', 'HPy API function (the hpy.function attribute), such as ctx_Add.', l.function, selector('module')),
  ];
}
