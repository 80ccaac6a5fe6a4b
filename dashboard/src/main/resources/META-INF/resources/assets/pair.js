// The pair's step chart: each measure's part stacked, the additional duty as a line, the page's day marked.
(function () {
  const data = JSON.parse(document.getElementById('pair-chart-data').textContent);
  const chart = echarts.init(document.getElementById('pair-chart'));
  const series = Object.keys(data.byMeasure).map(id => ({
    id: id, name: data.labels[id] || id, type: 'line', step: 'end', stack: 'duty', areaStyle: {}, symbol: 'none',
    data: data.steps.map((t, i) => [t, Number(data.byMeasure[id][i])])
  }));
  series.push({ id: 'additional', name: 'additional duty', type: 'line', step: 'end', symbol: 'none',
    lineStyle: { type: 'dashed', width: 2, color: '#111827' },
    data: data.steps.map((t, i) => [t, Number(data.additional[i])]),
    markLine: { symbol: 'none', data: [{ xAxis: data.at, label: { formatter: 'this day' } }] } });
  chart.setOption({
    tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 }, grid: { top: 50, left: 50, right: 20 },
    xAxis: { type: 'time' }, yAxis: { type: 'value', name: '%' }, series: series
  });
  window.addEventListener('resize', () => chart.resize());
})();
