// The world map: fetches /map/data for the chosen imposer, day and stage, colours partners, opens a pair on click.
(function () {
  const el = document.getElementById('world-map');
  const chart = echarts.init(el);
  const imposer = document.getElementById('imposer');
  const at = document.getElementById('at');
  const include = document.getElementById('include');
  const slider = document.getElementById('day-slider');
  const sliderDay = document.getElementById('slider-day');
  const status = document.getElementById('map-status');
  const DAY = 86400000;
  // the slider runs over 2025-01-01 … a year after today
  const first = Date.UTC(2025, 0, 1);
  const last = Date.parse(el.dataset.today) + 365 * DAY;
  slider.max = Math.round((last - first) / DAY);
  const toDay = (i) => new Date(first + i * DAY).toISOString().slice(0, 10);
  const fromDay = (d) => Math.round((Date.parse(d) - first) / DAY);
  slider.value = fromDay(at.value);
  let names = {};

  function render(data) {
    document.getElementById('map-imposer').textContent = data.imposer;
    status.textContent = data.unavailable || (data.partners.length + ' partners with an additional duty on ' + data.at);
    const values = data.partners.map(p => ({ name: p.code, value: Number(p.additional) }));
    const max = Math.max(10, ...values.map(v => v.value));
    chart.setOption({
      tooltip: { trigger: 'item', formatter: p => (names[p.name] || p.name) + ': ' + (isNaN(p.value) ? '0' : p.value) + '%' },
      visualMap: { min: 0, max: max, left: 'left', bottom: 10, text: [max + '%', '0%'], calculable: true,
                   inRange: { color: ['#eff6ff', '#93c5fd', '#1d4ed8', '#7f1d1d'] } },
      series: [{ id: 'duties', name: 'additional duty', type: 'map', map: 'world', roam: true, nameProperty: 'name',
                 emphasis: { label: { show: false } }, data: values }]
    });
    const body = document.querySelector('#map-table tbody');
    body.replaceChildren(...data.partners.slice().sort((a, b) => b.additional - a.additional).map(p => {
      const tr = document.createElement('tr');
      const a = document.createElement('a');
      a.href = '/pair/' + data.imposer + '/' + p.code + '?at=' + data.at;
      a.textContent = p.name + ' (' + p.code + ')';
      const td1 = document.createElement('td'); td1.appendChild(a);
      const td2 = document.createElement('td'); td2.textContent = p.additional + '%';
      tr.append(td1, td2);
      return tr;
    }));
  }

  async function load() {
    const q = new URLSearchParams({ imposer: imposer.value, at: at.value });
    if (include.value) q.set('include', include.value);
    history.replaceState(null, '', '/map?' + q);
    const r = await fetch('/map/data?' + q);
    if (!r.ok) { status.textContent = 'The map could not be loaded (' + r.status + ')'; return; }
    render(await r.json());
    el.dataset.loadedAt = at.value + '|' + include.value + '|' + imposer.value;
  }

  fetch('/geo/world.json').then(r => r.json()).then(geo => {
    geo.features.forEach(f => names[f.properties.name] = f.properties.title);
    echarts.registerMap('world', geo);
    chart.on('click', p => { if (p.name) location.href = '/pair/' + imposer.value + '/' + p.name + '?at=' + at.value; });
    load();
  });
  slider.addEventListener('input', () => { at.value = toDay(Number(slider.value)); sliderDay.textContent = at.value; });
  slider.addEventListener('change', load);
  at.addEventListener('change', () => { slider.value = fromDay(at.value); sliderDay.textContent = at.value; load(); });
  include.addEventListener('change', load);
  imposer.addEventListener('change', load);
  window.addEventListener('resize', () => chart.resize());
})();
