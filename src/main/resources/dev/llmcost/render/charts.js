// Charts and tables for llmcost's HTML report and dashboard. Every value is placed with textContent or
// setAttribute, never parsed as markup: names of models and projects are the user's data.
var LC = (function () {
  'use strict';
  var PALETTE = ['#3b5bdb', '#f76707', '#2f9e44', '#ae3ec9', '#1098ad', '#f03e3e', '#74b816', '#f59f00'];
  var OTHER = '#adb5bd';
  var SVG = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function usd(value) {
    if (value === null || value === undefined) { return 'n/a'; }
    var n = Number(value);
    if (n !== 0 && Math.abs(n) < 0.01) { return '$' + n.toFixed(4); }
    return '$' + n.toLocaleString('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2});
  }

  function count(n) { return Number(n).toLocaleString('en-US'); }

  /** The JSON column of a group_by label: request-type → request_type, tag:phase → tag_phase. */
  function column(label) {
    return label.indexOf('tag:') === 0 ? 'tag_' + label.slice(4) : label.replace(/-/g, '_');
  }

  /** YYYY-MM-DD of an instant in a time zone (the report's), or null when the browser does not know the zone. */
  function dayIn(instant, zone) {
    try {
      var parts = new Intl.DateTimeFormat('en-CA', {timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit'})
        .formatToParts(new Date(instant));
      var get = function (t) { return parts.filter(function (p) { return p.type === t; })[0].value; };
      return get('year') + '-' + get('month') + '-' + get('day');
    } catch (e) {
      return null;
    }
  }

  function nextDay(day) {
    var d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  /** Every day from the range's first to its last (or to {@code today}), so quiet days show as gaps. */
  function days(daily, rowsDays, today) {
    var zone = daily.time_zone;
    var first = daily.since ? dayIn(daily.since, zone) : null;
    var last = daily.until ? dayIn(new Date(new Date(daily.until).getTime() - 1).toISOString(), zone) : today;
    rowsDays.forEach(function (d) {
      if (!first || d < first) { first = d; }
      if (!last || d > last) { last = d; }
    });
    if (!first || !last) { return rowsDays; }
    var all = [];
    for (var d = first; d <= last && all.length < 400; d = nextDay(d)) { all.push(d); }
    return all.length >= 400 ? rowsDays : all;
  }

  function niceMax(v) {
    if (v <= 0) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 4, 6, 8, 10]; // a quarter of each is a round figure: the chart has four grid lines
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= v) { return steps[i] * p; } }
    return 10 * p;
  }

  /**
   * Spend per day stacked by {@code stackKey}, from a report JSON grouped by day and that key. The eight
   * costliest series get colours, the rest are one "other" band.
   */
  function stacked(container, daily, stackKey, today) {
    container.textContent = '';
    var byDay = {}, totals = {}, unpriced = {};
    daily.rows.forEach(function (r) {
      var key = r[stackKey];
      var cost = Number(r.cost_usd);
      unpriced[key] = (unpriced[key] || 0) + r.unpriced_requests;
      byDay[r.day] = byDay[r.day] || {};
      byDay[r.day][key] = (byDay[r.day][key] || 0) + cost;
      totals[key] = (totals[key] || 0) + cost;
    });
    var allDays = days(daily, Object.keys(byDay).sort(), today);
    if (allDays.length === 0) {
      container.appendChild(el('div', {'class': 'empty', text: 'No usage in this range.'}));
      return;
    }
    var series = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a] || (a < b ? -1 : 1); });
    var shown = series.slice(0, series.length > PALETTE.length ? PALETTE.length - 1 : PALETTE.length);
    var colour = {};
    shown.forEach(function (s, i) { colour[s] = PALETTE[i]; });
    var label = function (s) { return colour[s] ? s : 'other'; };
    var max = 0;
    allDays.forEach(function (d) {
      var sum = 0;
      Object.keys(byDay[d] || {}).forEach(function (k) { sum += byDay[d][k]; });
      max = Math.max(max, sum);
    });
    var top = niceMax(max);
    var W = 920, H = 260, left = 62, right = 10, topPad = 10, bottom = 26;
    var plotW = W - left - right, plotH = H - topPad - bottom;
    var chart = svg('svg', {viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Spend per day by ' + stackKey});
    for (var g = 0; g <= 4; g++) {
      var y = topPad + plotH - plotH * g / 4;
      chart.appendChild(svg('line', {x1: left, x2: W - right, y1: y, y2: y, stroke: '#e4e7ec'}));
      chart.appendChild(svg('text', {x: left - 6, y: y + 4, 'text-anchor': 'end'}, usd(top * g / 4)));
    }
    var slot = plotW / allDays.length;
    var barW = Math.max(1, Math.min(28, slot * 0.72));
    var every = Math.ceil(allDays.length / 12);
    allDays.forEach(function (d, i) {
      var x = left + slot * i + (slot - barW) / 2;
      var base = topPad + plotH;
      var parts = byDay[d] || {};
      var stack = {};
      Object.keys(parts).forEach(function (k) { stack[label(k)] = (stack[label(k)] || 0) + parts[k]; });
      var dayTotal = 0;
      Object.keys(stack).forEach(function (k) { dayTotal += stack[k]; });
      shown.concat(['other']).forEach(function (s) {
        var v = stack[s];
        if (!v) { return; }
        var h = plotH * v / top;
        base -= h;
        var rect = svg('rect', {x: x, y: base, width: barW, height: Math.max(h, 0.5), fill: colour[s] || OTHER});
        rect.appendChild(svg('title', {}, d + ' · ' + s + ': ' + usd(v) + ' (day ' + usd(dayTotal) + ')'));
        chart.appendChild(rect);
      });
      if (i % every === 0) {
        chart.appendChild(svg('text', {x: left + slot * i + slot / 2, y: H - 8, 'text-anchor': 'middle'}, d.slice(5)));
      }
    });
    container.appendChild(el('div', {'class': 'chart'}, [chart]));
    var legend = el('div', {'class': 'legend'});
    shown.forEach(function (s) {
      legend.appendChild(el('span', {}, [el('span', {'class': 'swatch', style: 'background:' + colour[s]}),
        s + ' ' + (totals[s] === 0 && unpriced[s] ? 'unpriced ⚠' : usd(totals[s]))]));
    });
    if (series.length > shown.length) {
      var rest = 0;
      series.slice(shown.length).forEach(function (s) { rest += totals[s]; });
      legend.appendChild(el('span', {}, [el('span', {'class': 'swatch', style: 'background:' + OTHER}),
        'other (' + (series.length - shown.length) + ') ' + usd(rest)]));
    }
    container.appendChild(legend);
  }

  function costCell(t) {
    return t.unpriced_requests === t.requests && t.requests > 0 ? 'n/a' : usd(t.cost_usd);
  }

  function numberCells(t, options) {
    var cells = [el('td', {'class': 'num', text: count(t.requests)})];
    if (options.compact) {
      cells.push(el('td', {'class': 'num', text: count(t.input_tokens + t.output_tokens + t.cache_write_tokens
        + t.cache_read_tokens)}));
    } else {
      [t.input_tokens, t.output_tokens, t.cache_write_tokens, t.cache_read_tokens].forEach(function (n) {
        cells.push(el('td', {'class': 'num', text: count(n)}));
      });
    }
    cells.push(el('td', {'class': 'num cost', 'data-usd': t.cost_usd, text: costCell(t)}));
    return cells;
  }

  /**
   * A report JSON as a table: its groups, then requests, tokens and cost, a total row, and calls without a
   * known price flagged. {@code options.pins}: project → pin position (★); {@code options.limit}: rows shown;
   * {@code options.compact}: one tokens column.
   */
  function table(container, report, options) {
    options = options || {};
    container.textContent = '';
    var groups = report.group_by.map(column);
    var unpriced = report.total.unpriced_requests > 0;
    var head = groups.map(function (g) { return el('th', {text: g.replace(/_/g, ' ')}); });
    var numbers = options.compact ? ['Requests', 'Tokens', 'Cost'] : ['Requests', 'Input', 'Output', 'Cache write',
      'Cache read', 'Cost'];
    numbers.forEach(function (h) {
      head.push(el('th', {'class': 'num', text: h}));
    });
    if (unpriced) { head.push(el('th', {'class': 'num', text: 'Unpriced'})); }
    var body = el('tbody');
    var rows = options.limit ? report.rows.slice(0, options.limit) : report.rows;
    rows.forEach(function (r) {
      var cells = groups.map(function (g) {
        var cell = el('td', {'class': 'key', 'data-name': r[g], title: r[g]});
        if (g === 'project' && options.pins && options.pins[r[g]]) {
          cell.appendChild(el('span', {'class': 'pin', title: 'pinned #' + options.pins[r[g]], text: '★'}));
        }
        cell.appendChild(document.createTextNode(r[g]));
        return cell;
      });
      numberCells(r, options).forEach(function (c) { cells.push(c); });
      if (unpriced) {
        cells.push(el('td', {'class': 'num flag', text: r.unpriced_requests ? '⚠ ' + count(r.unpriced_requests) : ''}));
      }
      body.appendChild(el('tr', {'class': r.unpriced_requests ? 'unpriced' : ''}, cells));
    });
    var t = report.total;
    var foot = [el('td', {text: 'Total'})];
    for (var i = 1; i < groups.length; i++) { foot.push(el('td')); }
    numberCells(t, options).forEach(function (c) { foot.push(c); });
    if (unpriced) { foot.push(el('td', {'class': 'num flag', text: '⚠ ' + count(t.unpriced_requests)})); }
    if (report.rows.length === 0) {
      container.appendChild(el('div', {'class': 'empty', text: 'No usage in this range.'}));
      return;
    }
    container.appendChild(el('table', {}, [el('thead', {}, [el('tr', {}, head)]), body,
      el('tfoot', {}, [el('tr', {}, foot)])]));
    if (options.limit && report.rows.length > options.limit) {
      container.appendChild(el('div', {'class': 'muted', text: (report.rows.length - options.limit) + ' more not shown'}));
    }
  }

  /** Totals as stat cards: cost, requests, tokens, and a warning when some calls have no known price. */
  function totals(container, total) {
    container.textContent = '';
    var tokens = total.input_tokens + total.output_tokens + total.cache_write_tokens + total.cache_read_tokens;
    [['Spend', usd(total.cost_usd), 'total-cost', {'data-usd': total.cost_usd},
      total.unpriced_requests ? '⚠ ' + count(total.unpriced_requests) + ' call(s) without a known price, not in this sum' : 'all calls priced'],
     ['Requests', count(total.requests), 'total-requests', {'data-count': total.requests}, ''],
     ['Tokens', count(tokens), 'total-tokens', {'data-count': tokens},
      count(total.input_tokens) + ' in · ' + count(total.output_tokens) + ' out · '
      + count(total.cache_read_tokens) + ' cache read']
    ].forEach(function (s) {
      var value = el('div', {'class': 'value', id: s[2], text: s[1]});
      Object.keys(s[3]).forEach(function (k) { value.setAttribute(k, s[3][k]); });
      container.appendChild(el('div', {'class': 'card stat span-4'}, [el('h2', {text: s[0]}), value,
        el('div', {'class': 'sub' + (s[4].indexOf('⚠') === 0 ? ' flag' : ''), text: s[4]})]));
    });
  }

  return {el: el, svg: svg, usd: usd, count: count, costCell: costCell, column: column, dayIn: dayIn, stacked: stacked, table: table,
    totals: totals};
})();
