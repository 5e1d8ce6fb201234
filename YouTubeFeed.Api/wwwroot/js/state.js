// The page's filter state and its mapping to the address bar and to API parameters.
//
// URL parameters (all optional):  ?q=…&channelId=…&after=YYYY-MM-DD&before=YYYY-MM-DD&order=asc|views
//                                  &shorts=exclude&live=exclude
// `after`/`before` are calendar days in the viewer's time zone; they become UTC instants for the API.

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_QUERY_LENGTH = 200;

/** @typedef {{q:string, channelId:string, after:string, before:string, order:'desc'|'asc'|'views', hideShorts:boolean, hideLive:boolean}} FilterState */

/** @returns {FilterState} */
export function defaultState() {
  return { q: '', channelId: '', after: '', before: '', order: 'desc', hideShorts: false, hideLive: false };
}

/** Reads the state from a query string such as location.search. Unknown or malformed values are ignored. */
export function stateFromSearch(search) {
  const params = new URLSearchParams(search);
  const state = defaultState();
  state.q = normalizeQuery(params.get('q') ?? '');
  state.channelId = (params.get('channelId') ?? '').trim();
  const after = params.get('after') ?? '';
  const before = params.get('before') ?? '';
  state.after = isValidDate(after) ? after : '';
  state.before = isValidDate(before) ? before : '';
  state.order = toOrder(params.get('order'));
  state.hideShorts = params.get('shorts') === 'exclude';
  state.hideLive = params.get('live') === 'exclude';
  return state;
}

/** The query string (with leading '?', or '' for the default state) that represents `state`. */
export function searchFromState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.channelId) params.set('channelId', state.channelId);
  if (state.after) params.set('after', state.after);
  if (state.before) params.set('before', state.before);
  if (state.order !== 'desc') params.set('order', state.order);
  if (state.hideShorts) params.set('shorts', 'exclude');
  if (state.hideLive) params.set('live', 'exclude');
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function sameState(a, b) {
  return a.q === b.q && a.channelId === b.channelId && a.after === b.after
    && a.before === b.before && a.order === b.order
    && a.hideShorts === b.hideShorts && a.hideLive === b.hideLive;
}

export function isDefaultState(state) {
  return sameState(state, defaultState());
}

/** Collapses whitespace and trims; the API treats words in any order, so spacing carries no meaning. */
export function normalizeQuery(text) {
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
}

/**
 * API filters for a state. Dates become UTC instants of local-day boundaries:
 * after = start of that day, before = start of the following day, so "before 27 Nov" includes all of 27 Nov.
 */
export function apiFilters(state) {
  return {
    q: state.q,
    channelId: state.channelId,
    publishedAfter: state.after ? localDayStartUtc(state.after, 0) : '',
    publishedBefore: state.before ? localDayStartUtc(state.before, 1) : '',
    order: state.order,
    shorts: state.hideShorts ? 'exclude' : '',
    live: state.hideLive ? 'exclude' : '',
  };
}

/** 'desc' (newest first), 'asc' (oldest first) or 'views' (most viewed first); anything else is 'desc'. */
export function toOrder(text) {
  return text === 'asc' || text === 'views' ? text : 'desc';
}

/** True when the chosen dates leave no possible result (after is a later day than before). */
export function datesConflict(state) {
  return Boolean(state.after && state.before && state.after > state.before);
}

function isValidDate(text) {
  if (!DATE_RE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d;
}

/** Midnight (local time) of the given YYYY-MM-DD plus `addDays`, as an ISO 8601 UTC string without milliseconds. */
function localDayStartUtc(day, addDays) {
  const [y, m, d] = day.split('-').map(Number);
  const local = new Date(y, m - 1, d + addDays, 0, 0, 0, 0);
  return local.toISOString().replace('.000Z', 'Z');
}
