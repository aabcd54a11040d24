// newsidx search page. Plain JavaScript, no framework, nothing fetched but
// this server's own API. Article text is untrusted: it only ever reaches
// the page through textContent and createTextNode, never as markup, and
// links are followed only when they are http(s).
'use strict';

const TEXT = {
  id: {
    placeholder: 'Cari berita… (tekan / untuk fokus)', search: 'Cari', help: 'Bantuan kueri',
    help_intro: 'Semua kata wajib ada, dicocokkan menurut kata dasarnya.',
    help_words: 'kedua kata (pengiriman menemukan kirim)', help_phrase: 'frasa persis, berurutan',
    help_bool: 'salah satu; tanpa kata itu', help_exact: 'bentuk kata persis, tanpa kata dasar',
    help_fields: 'hanya di judul / dari sumber ini', help_entities: 'orang, tempat, organisasi',
    help_dates: 'periode tanggal (WIB)', help_fuzzy: 'ejaan mirip (salah ketik)',
    help_keys: 'Tombol /: ke kotak pencarian. ↑ ↓ Enter: pilih saran.',
    back: '← Kembali ke hasil', similar: 'Artikel serupa', sort: 'Urutkan',
    sort_relevance: 'Relevansi', sort_newest: 'Terbaru', sort_oldest: 'Terlama',
    export_csv: 'Ekspor CSV', export_jsonl: 'Ekspor JSONL', timeline: 'Linimasa',
    interval: 'Periode', day: 'Hari', week: 'Minggu', month: 'Bulan', year: 'Tahun',
    counts: 'Jumlah', share: 'Persentase', timeline_hint: 'Klik atau seret untuk mempersempit tanggal.',
    prev: '← Sebelumnya', next: 'Berikutnya →', lang: 'English',
    total: (n) => `${n.toLocaleString('id-ID')} artikel`, none: 'Tidak ada artikel yang cocok.',
    did_you_mean: 'Mungkin maksud Anda:', person: 'Orang', place: 'Tempat', org: 'Organisasi',
    source: 'Sumber', category: 'Rubrik', date: 'Tanggal', remove: 'Hapus filter',
    word: 'kata', open_source: 'Buka sumber', loading: 'Memuat…', entities: 'Entitas',
    bad_query: 'Kueri tidak dapat dibaca', failed: 'Permintaan gagal', author: 'Penulis',
    no_similar: 'Tidak ada artikel serupa.', undated: 'tanpa tanggal',
    profile: 'Profil entitas', also: 'Juga disebut', articles: 'artikel', with_people: 'Orang yang disebut bersamanya', with_places: 'Tempat yang disebut bersamanya', with_orgs: 'Organisasi yang disebut bersamanya', find: 'Cari artikelnya',
  },
  en: {
    placeholder: 'Search the news… (press / to focus)', search: 'Search', help: 'Query help',
    help_intro: 'Every word is required and matched by its root.',
    help_words: 'both words (pengiriman finds kirim)', help_phrase: 'exact phrase, in order',
    help_bool: 'either; without that word', help_exact: 'literal word form, not its root',
    help_fields: 'only in the title / from this source', help_entities: 'people, places, organisations',
    help_dates: 'date periods (WIB)', help_fuzzy: 'close spellings (typos)',
    help_keys: 'Key /: to the search box. ↑ ↓ Enter: pick a suggestion.',
    back: '← Back to results', similar: 'Similar articles', sort: 'Sort',
    sort_relevance: 'Relevance', sort_newest: 'Newest', sort_oldest: 'Oldest',
    export_csv: 'Export CSV', export_jsonl: 'Export JSONL', timeline: 'Timeline',
    interval: 'Period', day: 'Day', week: 'Week', month: 'Month', year: 'Year',
    counts: 'Counts', share: 'Share', timeline_hint: 'Click or drag to narrow the dates.',
    prev: '← Previous', next: 'Next →', lang: 'Bahasa Indonesia',
    total: (n) => `${n.toLocaleString('en-GB')} articles`, none: 'No article matches.',
    did_you_mean: 'Did you mean:', person: 'People', place: 'Places', org: 'Organisations',
    source: 'Sources', category: 'Sections', date: 'Date', remove: 'Remove filter',
    word: 'word', open_source: 'Open source', loading: 'Loading…', entities: 'Entities',
    bad_query: 'The query cannot be read', failed: 'The request failed', author: 'Author',
    no_similar: 'No similar article.', undated: 'undated',
    profile: 'Entity profile', also: 'Also called', articles: 'articles', with_people: 'People named with it', with_places: 'Places named with it', with_orgs: 'Organisations named with it', find: 'Find its articles',
  },
};

const FILTERS = ['person', 'place', 'org', 'source', 'category'];
const PAGE = 10;
const INTERVALS = ['day', 'week', 'month', 'year'];
const FINER = { year: 'month', month: 'day', week: 'day', day: 'day' };
const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- state

function readState() {
  const p = new URLSearchParams(location.search);
  const s = {
    q: p.get('q') || '',
    from: p.get('from') || '',
    to: p.get('to') || '',
    sort: p.get('sort') || '',
    offset: Math.max(0, parseInt(p.get('offset') || '0', 10) || 0),
    interval: INTERVALS.includes(p.get('interval')) ? p.get('interval') : 'month',
    mode: p.get('mode') === 'share' ? 'share' : 'count',
    article: p.get('article') || '',
    entity: p.get('entity') || '',
    lang: p.get('lang') === 'en' ? 'en' : 'id',
  };
  for (const f of FILTERS) s[f] = p.getAll(f).filter((v) => v.trim() !== '');
  return s;
}

function stateQuery(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const f of FILTERS) for (const v of s[f]) p.append(f, v);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.sort) p.set('sort', s.sort);
  if (s.offset) p.set('offset', String(s.offset));
  if (s.interval !== 'month') p.set('interval', s.interval);
  if (s.mode !== 'count') p.set('mode', s.mode);
  if (s.article) p.set('article', s.article);
  if (s.entity) p.set('entity', s.entity);
  if (s.lang !== 'id') p.set('lang', s.lang);
  return p;
}

let state = readState();
// Whether this page pushed history entries (so "back" stays on the page).
let pushed = false;

function go(changes, replace) {
  state = Object.assign({}, state, changes);
  const url = '/?' + stateQuery(state).toString();
  if (replace) history.replaceState(null, '', url);
  else {
    history.pushState(null, '', url);
    pushed = true;
  }
  render();
}

window.addEventListener('popstate', () => {
  state = readState();
  render();
});

function t(key) {
  return TEXT[state.lang][key];
}

// ---------------------------------------------------------------- helpers

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// Only http(s) links are followed; anything else is shown as text.
function safeUrl(raw) {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch (_) {
    return null;
  }
}

function formatDate(iso) {
  if (!iso) return t('undated');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(state.lang === 'en' ? 'en-GB' : 'id-ID', {
    day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Asia/Jakarta',
  });
}

// Snippet highlights are [start, end) byte offsets into the UTF-8 text.
function highlighted(text, ranges) {
  const frag = document.createDocumentFragment();
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  let pos = 0;
  for (const [start, end] of ranges || []) {
    if (!(start >= pos && end > start && end <= bytes.length)) continue;
    frag.append(document.createTextNode(dec.decode(bytes.subarray(pos, start))));
    frag.append(el('mark', { text: dec.decode(bytes.subarray(start, end)) }));
    pos = end;
  }
  frag.append(document.createTextNode(dec.decode(bytes.subarray(pos))));
  return frag;
}

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await res.json();
  } catch (_) {
    body = { error: res.statusText };
  }
  if (!res.ok) {
    const err = new Error(body && body.error ? body.error : res.statusText);
    err.position = body ? body.position : undefined;
    err.status = res.status;
    throw err;
  }
  return body;
}

function apiParams(s) {
  const p = new URLSearchParams();
  p.set('q', s.q);
  for (const f of FILTERS) for (const v of s[f]) p.append(f, v);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  return p;
}

function setBusy(busy) {
  document.body.dataset.state = busy ? 'loading' : 'ready';
}

function showError(err, query) {
  const box = $('error');
  box.replaceChildren();
  box.hidden = false;
  if (typeof err.position === 'number' && query !== undefined) {
    box.append(el('strong', { text: t('bad_query') + ': ' + err.message }));
    const caret = ' '.repeat(Math.min(err.position, query.length)) + '^';
    box.append(el('code', { text: query + '\n' + caret }));
  } else {
    box.append(el('strong', { text: t('failed') + ': ' + err.message }));
  }
}

// ---------------------------------------------------------------- rendering

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of document.querySelectorAll('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle);
  for (const node of document.querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  $('lang').textContent = t('lang');
}

let generation = 0;

async function render() {
  applyLanguage();
  const mine = ++generation;
  $('error').hidden = true;
  if (document.activeElement !== $('q')) $('q').value = state.q;
  renderChips();
  setBusy(true);
  try {
    if (state.entity) await renderEntity(mine);
    else if (state.article) await renderArticle(mine);
    else await renderSearch(mine);
  } catch (err) {
    if (mine === generation) showError(err, state.article ? undefined : state.q);
  } finally {
    if (mine === generation) setBusy(false);
  }
}

function renderChips() {
  const chips = $('chips');
  chips.replaceChildren();
  const chip = (label, value, remove) => {
    chips.append(el('span', { class: 'chip', 'data-chip': label },
      el('span', { class: 'field', text: label + ':' }), document.createTextNode(' ' + value),
      el('button', { type: 'button', 'aria-label': t('remove') + ' ' + value, title: t('remove'), text: '×', onclick: remove })));
  };
  for (const f of FILTERS) {
    for (const v of state[f]) {
      chip(t(f), v, () => go({ [f]: state[f].filter((x) => x !== v), offset: 0, article: '' }));
    }
  }
  if (state.from || state.to) {
    chip(t('date'), (state.from || '…') + ' – ' + (state.to || '…'), () => go({ from: '', to: '', offset: 0, article: '' }));
  }
}

async function renderSearch(mine) {
  $('article-view').hidden = true;
  $('entity-view').hidden = true;
  $('results-view').hidden = false;
  const p = apiParams(state);
  const sort = state.sort || (state.q.trim() === '' ? '-date' : 'relevance');
  p.set('sort', sort);
  p.set('limit', String(PAGE));
  p.set('offset', String(state.offset));
  p.set('facets', 'true');
  p.set('timeline', state.interval);
  $('sort').value = sort;
  $('interval').value = state.interval;
  const exp = apiParams(state).toString();
  $('export-csv').href = '/api/export.csv?' + exp;
  $('export-jsonl').href = '/api/export.jsonl?' + exp;
  let data;
  try {
    data = await getJson('/api/search?' + p.toString());
  } catch (err) {
    if (mine !== generation) return;
    $('hits').replaceChildren();
    $('facets').replaceChildren();
    $('timeline').hidden = true;
    $('total').textContent = '';
    throw err;
  }
  if (mine !== generation) return;
  $('total').textContent = data.total ? t('total')(data.total) : t('none');
  renderSuggestions(data.suggestions || []);
  $('hits').replaceChildren(...data.hits.map(hitItem));
  renderFacets(data.facets);
  renderTimeline(data.timeline || []);
  $('prev').disabled = state.offset === 0;
  $('next').disabled = state.offset + PAGE >= data.total;
}

function renderSuggestions(list) {
  const box = $('suggestions');
  box.replaceChildren();
  box.hidden = list.length === 0;
  if (!list.length) return;
  box.append(document.createTextNode(t('did_you_mean') + ' '));
  for (const s of list) {
    for (const word of s.suggestions) {
      box.append(el('button', {
        type: 'button', class: 'link', text: word,
        onclick: () => go({ q: replaceWord(state.q, s.word, word), offset: 0 }),
      }), document.createTextNode(' '));
    }
  }
}

function replaceWord(q, word, by) {
  return q.split(/(\s+)/).map((part) => (part === word ? by : part)).join('');
}

function hitItem(hit) {
  const url = safeUrl(hit.url);
  const title = el('a', {
    href: '/?' + stateQuery(Object.assign({}, state, { article: hit.id })).toString(),
    'data-id': hit.id,
    text: hit.title || hit.id,
    onclick: (e) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      go({ article: hit.id });
    },
  });
  const meta = el('div', { class: 'meta' },
    el('span', { class: 'source', text: hit.source || '' }),
    el('time', { text: formatDate(hit.date) }),
    url ? el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank', text: t('open_source') })
      : (hit.url ? el('span', { class: 'url', text: hit.url }) : null));
  const snippet = el('p', { class: 'snippet' });
  snippet.append(highlighted(hit.snippet.text, hit.snippet.highlights));
  return el('li', { class: 'hit' }, el('h3', {}, title), meta, snippet);
}

function renderFacets(facets) {
  const box = $('facets');
  box.replaceChildren();
  if (!facets) return;
  for (const f of FILTERS) {
    const values = (facets[f] || []).filter((v) => !state[f].includes(v.name));
    if (!values.length) continue;
    box.append(el('h2', { text: t(f) }));
    box.append(el('ul', { 'data-facet': f }, ...values.map((v) => el('li', {},
      el('button', {
        type: 'button', 'data-value': v.name,
        onclick: () => go({ [f]: state[f].concat([v.name]), offset: 0 }),
      }, el('span', { class: 'name', text: v.name }), el('span', { class: 'count', text: String(v.count) })),
      entityLink(f, v.name)))));
  }
}

// ---------------------------------------------------------------- entity

// A link to the profile page of the entity `kind: name`.
function entityLink(kind, name) {
  const p = new URLSearchParams({ entity: kind + ':' + name });
  if (state.lang !== 'id') p.set('lang', state.lang);
  return el('a', {
    class: 'ent-link', href: '/?' + p.toString(), title: t('profile'), 'aria-label': t('profile') + ': ' + name, text: '↗',
    onclick: (ev) => { ev.preventDefault(); go({ entity: kind + ':' + name, article: '' }); },
  });
}

async function renderEntity(mine) {
  $('results-view').hidden = true;
  $('article-view').hidden = true;
  $('entity-view').hidden = false;
  const cut = state.entity.indexOf(':');
  const kind = cut > 0 ? state.entity.slice(0, cut) : '';
  const name = cut > 0 ? state.entity.slice(cut + 1) : state.entity;
  const p = new URLSearchParams({ related: '10' });
  if (FILTERS.includes(kind)) p.set('kind', kind);
  const e = await getJson('/api/entities/' + encodeURIComponent(name) + '?' + p.toString());
  if (mine !== generation) return;
  const max = Math.max(1, ...e.timeline.map((b) => b.count));
  const timeline = el('ol', { class: 'entity-timeline' }, ...e.timeline.map((b) => el('li', {},
    el('span', { class: 'period', text: b.start.slice(0, 7) }),
    el('span', { class: 'bar', style: 'width:' + Math.round(200 * b.count / max) + 'px' }),
    el('span', { class: 'count', text: String(b.count) }))));
  const related = (title, k, list) => list.length ? [el('h2', { text: t(title) }),
    el('ul', { class: 'related', 'data-facet': k }, ...list.map((r) => el('li', {},
      entityLinkNamed(k, r.name), el('span', { class: 'count', text: ' ' + r.count }))))] : [];
  $('entity').replaceChildren(
    el('h1', {}, el('span', { class: 'ent ' + e.kind, text: e.name }), ' ', el('small', { text: t(e.kind) })),
    e.aliases.length ? el('p', { class: 'aliases', text: t('also') + ': ' + e.aliases.join(', ') }) : null,
    el('p', { class: 'meta', text: `${e.articles} ${t('articles')} · ${formatDate(e.first_date)} – ${formatDate(e.last_date)}` }),
    el('button', { type: 'button', class: 'link', text: t('find'),
      onclick: () => go({ entity: '', article: '', [e.kind]: [e.name], q: '', offset: 0 }) }),
    timeline,
    ...related('with_people', 'person', e.people),
    ...related('with_places', 'place', e.places),
    ...related('with_orgs', 'org', e.orgs));
  window.scrollTo(0, 0);
}

// An entity's name linking to its profile.
function entityLinkNamed(kind, name) {
  const a = entityLink(kind, name);
  a.textContent = name;
  return a;
}

// ---------------------------------------------------------------- timeline

function addDays(iso, n) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function periodFrom(start, interval) {
  if (interval === 'month') return start.slice(0, 7);
  if (interval === 'year') return start.slice(0, 4);
  return start;
}

function periodTo(start, interval) {
  if (interval === 'week') return addDays(start, 6);
  return periodFrom(start, interval);
}

let buckets = [];

function renderTimeline(list) {
  buckets = list;
  const fig = $('timeline');
  fig.hidden = list.length === 0;
  $('mode-count').setAttribute('aria-pressed', String(state.mode === 'count'));
  $('mode-share').setAttribute('aria-pressed', String(state.mode === 'share'));
  const svg = $('chart');
  svg.replaceChildren();
  if (!list.length) return;
  const NS = 'http://www.w3.org/2000/svg';
  const value = (b) => (state.mode === 'share' ? b.share || 0 : b.count);
  const max = Math.max(...list.map(value)) || 1;
  const w = 10;
  svg.setAttribute('viewBox', `0 0 ${list.length * w} 100`);
  list.forEach((b, i) => {
    const h = (value(b) / max) * 96;
    const bar = document.createElementNS(NS, 'rect');
    bar.setAttribute('class', 'bar');
    bar.setAttribute('x', String(i * w + 1));
    bar.setAttribute('width', String(w - 2));
    bar.setAttribute('y', String(100 - h));
    bar.setAttribute('height', String(Math.max(h, value(b) > 0 ? 1 : 0)));
    bar.setAttribute('data-start', b.start);
    const tip = document.createElementNS(NS, 'title');
    tip.textContent = `${periodFrom(b.start, state.interval)}: ${b.count}` +
      (typeof b.share === 'number' ? ` (${(b.share * 100).toFixed(1)}%)` : '');
    bar.append(tip);
    svg.append(bar);
  });
  $('chart-label').textContent = `${periodFrom(list[0].start, state.interval)} – ${periodTo(list[list.length - 1].start, state.interval)}`;
}

function bucketAt(event) {
  const box = $('chart').getBoundingClientRect();
  if (!buckets.length || box.width === 0) return -1;
  const i = Math.floor(((event.clientX - box.left) / box.width) * buckets.length);
  return Math.min(buckets.length - 1, Math.max(0, i));
}

let dragFrom = -1;

function markSelection(a, b) {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  $('chart').querySelectorAll('rect.bar').forEach((r, i) => {
    r.classList.toggle('selected', i >= lo && i <= hi);
    r.classList.toggle('dim', a >= 0 && (i < lo || i > hi));
  });
}

function setupTimeline() {
  const svg = $('chart');
  svg.addEventListener('pointerdown', (e) => {
    dragFrom = bucketAt(e);
    if (dragFrom < 0) return;
    svg.setPointerCapture(e.pointerId);
    markSelection(dragFrom, dragFrom);
  });
  svg.addEventListener('pointermove', (e) => {
    if (dragFrom >= 0) markSelection(dragFrom, bucketAt(e));
  });
  svg.addEventListener('pointerup', (e) => {
    if (dragFrom < 0) return;
    const to = bucketAt(e);
    const [lo, hi] = dragFrom <= to ? [dragFrom, to] : [to, dragFrom];
    dragFrom = -1;
    if (lo < 0) return;
    const interval = state.interval;
    go({
      from: periodFrom(buckets[lo].start, interval),
      to: periodTo(buckets[hi].start, interval),
      interval: lo === hi ? FINER[interval] : interval,
      offset: 0,
    });
  });
  svg.addEventListener('pointercancel', () => {
    dragFrom = -1;
    markSelection(-1, -1);
  });
  $('mode-count').addEventListener('click', () => go({ mode: 'count' }, true));
  $('mode-share').addEventListener('click', () => go({ mode: 'share' }, true));
  $('interval').addEventListener('change', (e) => go({ interval: e.target.value }));
}

// ---------------------------------------------------------------- article

// Entity mentions in the text: every name and alias, whole words only,
// longest first, no overlaps.
function entityRanges(text, entities) {
  const names = [];
  for (const e of entities || []) {
    for (const n of [e.name].concat(e.aliases || [])) {
      if (n && n.length >= 2) names.push({ n, e });
    }
  }
  names.sort((a, b) => b.n.length - a.n.length);
  const word = /[\p{L}\p{N}]/u;
  const taken = [];
  for (const { n, e } of names) {
    let from = 0;
    for (;;) {
      const i = text.indexOf(n, from);
      if (i < 0) break;
      const j = i + n.length;
      from = j;
      if ((i > 0 && word.test(text[i - 1])) || (j < text.length && word.test(text[j]))) continue;
      if (taken.some((r) => i < r.end && j > r.start)) continue;
      taken.push({ start: i, end: j, entity: e });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

function entityText(text, entities) {
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const r of entityRanges(text, entities)) {
    frag.append(document.createTextNode(text.slice(pos, r.start)));
    frag.append(el('mark', {
      class: 'ent ' + r.entity.kind, title: t(r.entity.kind) + ': ' + r.entity.name,
      'data-kind': r.entity.kind, text: text.slice(r.start, r.end),
      onclick: () => go({ [r.entity.kind]: [r.entity.name], article: '', offset: 0, q: '' }),
    }));
    pos = r.end;
  }
  frag.append(document.createTextNode(text.slice(pos)));
  return frag;
}

async function renderArticle(mine) {
  $('results-view').hidden = true;
  $('entity-view').hidden = true;
  $('article-view').hidden = false;
  const id = encodeURIComponent(state.article);
  const [a, similar] = await Promise.all([
    getJson('/api/articles/' + id),
    getJson('/api/articles/' + id + '/similar?limit=5').catch(() => ({ hits: [] })),
  ]);
  if (mine !== generation) return;
  const url = safeUrl(a.url);
  const meta = el('div', { class: 'meta' },
    el('span', { class: 'source', text: a.source || '' }),
    el('time', { text: formatDate(a.date) }),
    a.author ? el('span', { text: t('author') + ': ' + a.author }) : null,
    a.category ? el('span', { text: a.category }) : null,
    url ? el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank', text: t('open_source') })
      : (a.url ? el('span', { class: 'url', text: a.url }) : null));
  const entities = el('div', { class: 'entities', 'aria-label': t('entities') },
    ...(a.entities || []).map((e) => el('button', {
      type: 'button', class: 'ent ' + e.kind, title: t(e.kind),
      text: `${e.name} (${e.mentions})`,
      onclick: () => go({ [e.kind]: [e.name], article: '', offset: 0, q: '' }),
    })));
  const body = el('div', { class: 'body' });
  for (const para of (a.body || '').split(/\n+/)) {
    if (para.trim()) body.append(el('p', {}, entityText(para, a.entities)));
  }
  for (const e of a.entities || []) {
    // Each entity chip is followed by a link to the entity's profile.
    const chip = [...entities.children].find((c) => c.tagName === 'BUTTON' && c.textContent === `${e.name} (${e.mentions})`);
    if (chip) chip.after(entityLink(e.kind, e.name));
  }
  $('article').replaceChildren(el('h1', { text: a.title || a.id }), meta, entities, body);
  const list = similar.hits || [];
  $('similar').replaceChildren(...(list.length ? list.map(hitItem) : [el('li', { class: 'note', text: t('no_similar') })]));
  window.scrollTo(0, 0);
}

// ---------------------------------------------------------------- completion

let completions = [];
let selected = -1;
let completionTimer = 0;

// The term being typed: the text after the last space, and the field
// (person:, place:, org:) it is typed into, if any.
function currentTerm(value) {
  const m = /(?:^|\s)([a-z]+:)?"?([^\s"]*)$/.exec(value);
  if (!m) return null;
  return { start: m.index + (m[0].startsWith(' ') ? 1 : 0), field: m[1] ? m[1].slice(0, -1) : '', prefix: m[2] };
}

async function complete() {
  const input = $('q');
  const term = currentTerm(input.value);
  if (!term || term.prefix.length < 2) return closeCompletions();
  const p = new URLSearchParams({ prefix: term.prefix, limit: '8' });
  let data;
  try {
    data = await getJson('/api/suggest?' + p.toString());
  } catch (_) {
    return closeCompletions();
  }
  if (currentTerm(input.value)?.prefix !== term.prefix) return;
  completions = data.suggestions.filter((s) => !term.field || s.kind === term.field);
  selected = -1;
  const list = $('completions');
  list.replaceChildren(...completions.map((s, i) => el('li', {
    role: 'option', id: 'completion-' + i, 'aria-selected': 'false',
    onmousedown: (e) => { e.preventDefault(); accept(i); },
  }, el('span', { text: s.text }), el('span', { class: 'kind', text: (s.kind === 'word' ? t('word') : t(s.kind)) + ' · ' + s.count }))));
  list.hidden = completions.length === 0;
  input.setAttribute('aria-expanded', String(!list.hidden));
}

function closeCompletions() {
  completions = [];
  selected = -1;
  $('completions').hidden = true;
  $('completions').replaceChildren();
  $('q').setAttribute('aria-expanded', 'false');
}

function accept(i) {
  const input = $('q');
  const s = completions[i];
  const term = currentTerm(input.value);
  if (!s || !term) return;
  let text;
  if (s.kind === 'word') text = s.text;
  else text = `${s.kind}:${/[\s"]/.test(s.text) ? '"' + s.text.replace(/["\\]/g, '\\$&') + '"' : s.text}`;
  input.value = input.value.slice(0, term.start) + text + ' ';
  closeCompletions();
  input.focus();
}

function setupCompletion() {
  const input = $('q');
  input.addEventListener('input', () => {
    clearTimeout(completionTimer);
    completionTimer = setTimeout(complete, 120);
  });
  input.addEventListener('keydown', (e) => {
    if ($('completions').hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = completions.length;
      selected = (selected + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      $('completions').querySelectorAll('li').forEach((li, i) => li.setAttribute('aria-selected', String(i === selected)));
      input.setAttribute('aria-activedescendant', 'completion-' + selected);
    } else if (e.key === 'Enter' && selected >= 0) {
      e.preventDefault();
      accept(selected);
    } else if (e.key === 'Escape') {
      closeCompletions();
    }
  });
  input.addEventListener('blur', () => setTimeout(closeCompletions, 100));
}

// ---------------------------------------------------------------- wiring

function setup() {
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    closeCompletions();
    go({ q: $('q').value.trim(), offset: 0, article: '' });
  });
  $('help-toggle').addEventListener('click', () => {
    const help = $('help');
    help.hidden = !help.hidden;
    $('help-toggle').setAttribute('aria-expanded', String(!help.hidden));
  });
  $('lang').addEventListener('click', () => go({ lang: state.lang === 'id' ? 'en' : 'id' }, true));
  $('home').addEventListener('click', (e) => {
    e.preventDefault();
    go({ q: '', person: [], place: [], org: [], source: [], category: [], from: '', to: '', offset: 0, article: '', entity: '', sort: '' });
  });
  $('entity-back').addEventListener('click', () => {
    if (pushed) history.back();
    else go({ entity: '' });
  });
  $('back').addEventListener('click', () => {
    if (pushed) history.back();
    else go({ article: '' });
  });
  $('sort').addEventListener('change', (e) => go({ sort: e.target.value, offset: 0 }));
  $('prev').addEventListener('click', () => go({ offset: Math.max(0, state.offset - PAGE) }));
  $('next').addEventListener('click', () => go({ offset: state.offset + PAGE }));
  document.addEventListener('keydown', (e) => {
    const tag = document.activeElement ? document.activeElement.tagName : '';
    if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(tag)) {
      e.preventDefault();
      $('q').focus();
      $('q').select();
    } else if (e.key === 'Escape') {
      $('help').hidden = true;
    }
  });
  setupTimeline();
  setupCompletion();
  render();
}

document.addEventListener('DOMContentLoaded', setup);
