// YouTubeFeed web page: browse, search and filter the stored videos.
//
// Flow: the filter state lives in the URL (state.js). Any change to it starts a new "generation":
// in-flight requests are aborted and their late answers ignored, the grid is rebuilt from the first
// page, further pages follow by cursor ("Load more" or scrolling near the end), and — when sorted
// newest first — a poll every 15 s counts videos newer than the newest shown and offers them in a
// banner instead of inserting them under the reader's eyes.

import { ApiError, fetchVideos, MAX_LIMIT } from './api.js';
import {
  apiFilters, datesConflict, defaultState, isDefaultState, normalizeQuery,
  sameState, searchFromState, stateFromSearch, toOrder,
} from './state.js';
import { createSkeletons, createVideoCard, refreshRelativeTimes } from './render.js';

const PAGE_SIZE = 20;
const POLL_INTERVAL_MS = 15_000;
const DEBOUNCE_MS = 300;
const SKELETON_COUNT = 8;
const RELATIVE_REFRESH_MS = 30_000;
/** How far below the viewport the sentinel may be when the next page starts loading. */
const AUTOLOAD_MARGIN_PX = 400;

const $ = (id) => document.getElementById(id);
const dom = {
  form: $('controls'),
  search: $('search-input'),
  channel: $('channel-input'),
  after: $('after-input'),
  before: $('before-input'),
  order: $('order-select'),
  hideShorts: $('hide-shorts'),
  hideLive: $('hide-live'),
  clear: $('clear-filters'),
  status: $('status'),
  chips: $('chips'),
  banner: $('new-videos-banner'),
  results: $('results'),
  grid: $('video-grid'),
  error: $('error'),
  errorTitle: $('error-title'),
  errorDetail: $('error-detail'),
  errorList: $('error-list'),
  errorRetry: $('error-retry'),
  empty: $('empty'),
  emptyTitle: $('empty-title'),
  emptyDetail: $('empty-detail'),
  emptyClear: $('empty-clear'),
  loadMore: $('load-more'),
  loadMoreLabel: document.querySelector('#load-more .button__label'),
  endOfList: $('end-of-list'),
  sentinel: $('sentinel'),
};

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

// ---- page model ---------------------------------------------------------------------------------

let state = stateFromSearch(location.search);
/** Display name for the channel chip; known after a channel button click or once results arrive. */
let channelTitle = '';
/** Ids of every card in the grid: a video is never shown twice. */
const seen = new Set();
let nextCursor = null;
/** How many videos the unfiltered list holds (the API says so for that list only), or null. */
let totalCount = null;
/** The newest video shown ({publishedAt, videoId}); the poll counts videos newer than this. */
let newest = null;
/** Bumped for every new query; answers from an older generation are dropped. */
let generation = 0;
let listController = null;
let loading = false;
/** True once the current generation's first page arrived (polling starts only then). */
let firstPageLoaded = false;

let pollTimer = 0;
let pollController = null;
let lastPollAt = 0;
/** Videos newer than `newest` found by the last poll, newest first, and whether that list is complete. */
let pending = { items: [], complete: true };

let retryTimer = 0;
/** What the error panel's "Try again" button runs. */
let retryAction = null;
let debounceTimer = 0;
/** 'typing' while the current history entry was created by typing; the next keystrokes replace it. */
let lastHistoryKind = null;

// ---- helpers ------------------------------------------------------------------------------------

/** Orders videos like the API: by publishedAt, then videoId. */
function compareVideos(a, b) {
  const ta = Date.parse(a.publishedAt);
  const tb = Date.parse(b.publishedAt);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.videoId === b.videoId) return 0;
  return a.videoId < b.videoId ? -1 : 1;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function scrollToTop() {
  window.scrollTo({ top: 0, behavior: reducedMotion.matches ? 'auto' : 'smooth' });
}

function setStatus(text) {
  if (dom.status.textContent !== text) dom.status.textContent = text;
}

function setBusy(busy) {
  dom.grid.setAttribute('aria-busy', busy ? 'true' : 'false');
}

// ---- inputs <-> state <-> URL -------------------------------------------------------------------

function syncInputs() {
  if (normalizeQuery(dom.search.value) !== state.q) dom.search.value = state.q;
  if (dom.channel.value.trim() !== state.channelId) dom.channel.value = state.channelId;
  dom.after.value = state.after;
  dom.before.value = state.before;
  dom.order.value = state.order;
  dom.hideShorts.setAttribute('aria-pressed', String(state.hideShorts));
  dom.hideLive.setAttribute('aria-pressed', String(state.hideLive));
  // Keep the two date pickers from offering an impossible range.
  dom.after.max = state.before || '';
  dom.before.min = state.after || '';
}

function readInputs() {
  return {
    q: normalizeQuery(dom.search.value),
    channelId: dom.channel.value.trim(),
    after: dom.after.value,
    before: dom.before.value,
    order: toOrder(dom.order.value),
    hideShorts: dom.hideShorts.getAttribute('aria-pressed') === 'true',
    hideLive: dom.hideLive.getAttribute('aria-pressed') === 'true',
  };
}

/**
 * Makes `next` the current state: records it in the URL and reloads the list.
 * kind 'typing' (debounced text input): the first keystroke of a burst pushes a history entry, the
 * rest replace it, so Back returns to the state before the search rather than to each prefix.
 */
function commit(next, kind) {
  if (sameState(next, state)) return;
  if (next.channelId !== state.channelId) channelTitle = '';
  state = next;
  const push = !(kind === 'typing' && lastHistoryKind === 'typing');
  const url = `${location.pathname}${searchFromState(state)}`;
  if (url !== `${location.pathname}${location.search}`) {
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }
  lastHistoryKind = kind;
  syncInputs();
  loadFirstPage();
}

function commitFromInputs(kind) {
  clearTimeout(debounceTimer);
  commit(readInputs(), kind);
}

function debounceCommit() {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(() => commitFromInputs('typing'), DEBOUNCE_MS);
}

function filterByChannel(channelId, title) {
  if (!channelId) return;
  clearTimeout(debounceTimer);
  const next = { ...readInputs(), channelId };
  commit(next, 'discrete');
  channelTitle = title;
  renderChips();
  scrollToTop();
  // The clicked card is gone; put focus somewhere meaningful instead of <body>.
  dom.results.focus({ preventScroll: true });
}

function clearFilters() {
  clearTimeout(debounceTimer);
  commit(defaultState(), 'discrete');
  syncInputs();
}

// ---- chips (active filters, each removable) -----------------------------------------------------

function renderChips() {
  const chips = [];
  const add = (label, value, onRemove, testId) => {
    const chip = document.createElement('span');
    chip.className = 'chip';
    if (testId) chip.dataset.testid = testId;
    const text = document.createElement('span');
    text.className = 'chip__text';
    const strong = document.createElement('span');
    strong.className = 'chip__label';
    strong.textContent = `${label}: `;
    text.append(strong, value);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'chip__remove';
    remove.setAttribute('aria-label', `Remove filter ${label}: ${value}`);
    remove.textContent = '×';
    remove.addEventListener('click', () => {
      onRemove();
      dom.search.focus();
    });
    chip.append(text, remove);
    chips.push(chip);
  };
  if (state.channelId) {
    add('Channel', channelTitle || state.channelId, () => commit({ ...state, channelId: '' }, 'discrete'), 'channel-chip');
  }
  if (state.after) add('After', state.after, () => commit({ ...state, after: '' }, 'discrete'));
  if (state.before) add('Before', state.before, () => commit({ ...state, before: '' }, 'discrete'));
  if (state.hideShorts) add('Hidden', 'Shorts', () => commit({ ...state, hideShorts: false }, 'discrete'), 'shorts-chip');
  if (state.hideLive) add('Hidden', 'live and upcoming', () => commit({ ...state, hideLive: false }, 'discrete'), 'live-chip');
  dom.chips.replaceChildren(...chips);
  dom.clear.classList.toggle('is-inactive', isDefaultState(state));
}

function learnChannelTitle(items) {
  if (!state.channelId || channelTitle) return;
  const match = items.find((v) => v.channelId === state.channelId && v.channelTitle);
  if (match) {
    channelTitle = match.channelTitle;
    renderChips();
  }
}

// ---- list loading -------------------------------------------------------------------------------

/** Adds cards for the videos not yet shown. Returns the new cards (in order). */
function addVideos(items, { prepend = false } = {}) {
  const cards = [];
  for (const video of items) {
    const id = video?.videoId;
    if (typeof id !== 'string' || id === '' || seen.has(id)) continue;
    seen.add(id);
    if (!newest || compareVideos(video, newest) > 0) newest = { publishedAt: video.publishedAt, videoId: id };
    cards.push(createVideoCard(video));
  }
  if (prepend) dom.grid.prepend(...cards);
  else dom.grid.append(...cards);
  return cards;
}

function resetList() {
  generation += 1;
  listController?.abort();
  listController = null;
  stopPolling();
  stopRetryCountdown();
  hideBanner();
  seen.clear();
  nextCursor = null;
  totalCount = null;
  newest = null;
  loading = false;
  firstPageLoaded = false;
  hideError();
  dom.empty.hidden = true;
  dom.endOfList.hidden = true;
  dom.loadMore.hidden = true;
}

async function loadFirstPage() {
  resetList();
  const gen = generation;
  renderChips();
  document.title = state.q ? `"${state.q}" – YouTubeFeed` : 'YouTubeFeed';

  if (datesConflict(state)) {
    dom.grid.replaceChildren();
    showError({
      title: 'These dates leave nothing to show',
      detail: '"Published after" is a later day than "Published before". Change one of the dates.',
      retry: null,
    });
    setStatus('No videos: the date range is empty.');
    return;
  }

  dom.grid.replaceChildren(createSkeletons(SKELETON_COUNT));
  dom.grid.classList.add('grid--loading');
  setBusy(true);
  setStatus('Loading videos…');
  loading = true;
  listController = new AbortController();
  try {
    const page = await fetchVideos(apiFilters(state), { limit: PAGE_SIZE }, listController.signal);
    if (gen !== generation) return;
    dom.grid.replaceChildren();
    addVideos(page.items);
    nextCursor = page.nextCursor;
    totalCount = page.totalCount;
    firstPageLoaded = true;
    learnChannelTitle(page.items);
    if (seen.size === 0) showEmpty();
    lastPollAt = Date.now();
    schedulePoll();
  } catch (err) {
    if (err?.name === 'AbortError' || gen !== generation) return;
    dom.grid.replaceChildren();
    showFailure(err, loadFirstPage);
  } finally {
    if (gen === generation) {
      loading = false;
      dom.grid.classList.remove('grid--loading');
      setBusy(false);
      updateFooter();
      if (firstPageLoaded) updateCountStatus();
      autoLoadIfNeeded();
    }
  }
}

/**
 * Loads the next page by cursor.
 * @param {{auto?: boolean, moveFocus?: boolean}} options  auto: started by scrolling;
 *   moveFocus: started from the keyboard, so focus continues at the first new video.
 */
async function loadMore({ auto = false, moveFocus = false } = {}) {
  if (loading || !nextCursor) return;
  const gen = generation;
  loading = true;
  hideError();
  dom.loadMore.hidden = false;
  setBusy(true);
  dom.loadMore.classList.add('is-loading');
  dom.loadMore.setAttribute('aria-disabled', 'true');
  dom.loadMoreLabel.textContent = 'Loading…';
  listController = new AbortController();
  let added = [];
  try {
    const page = await fetchVideos(apiFilters(state), { limit: PAGE_SIZE, cursor: nextCursor }, listController.signal);
    if (gen !== generation) return;
    added = addVideos(page.items);
    nextCursor = page.nextCursor;
    updateCountStatus();
  } catch (err) {
    if (err?.name === 'AbortError' || gen !== generation) return;
    showFailure(err, () => loadMore({ auto: false, moveFocus }), { keepCards: true });
  } finally {
    if (gen === generation) {
      loading = false;
      setBusy(false);
      dom.loadMore.classList.remove('is-loading');
      dom.loadMore.removeAttribute('aria-disabled');
      dom.loadMoreLabel.textContent = 'Load more';
      updateFooter();
      // A keyboard user who pressed "Load more" continues at the first new video.
      if (moveFocus && added.length > 0) added[0].querySelector('a')?.focus();
      autoLoadIfNeeded();
    }
  }
}

/** Loads the next page when the end of the list is (still) near the viewport. */
function autoLoadIfNeeded() {
  if (loading || !nextCursor || !dom.error.hidden || seen.size === 0) return;
  // Measured after layout: the IntersectionObserver does not fire again if the sentinel
  // stays inside its margin after a page was appended.
  requestAnimationFrame(() => {
    const top = dom.sentinel.getBoundingClientRect().top;
    if (top < window.innerHeight + AUTOLOAD_MARGIN_PX) loadMore({ auto: true });
  });
}

function updateFooter() {
  const hasMore = Boolean(nextCursor);
  dom.loadMore.hidden = !hasMore || !firstPageLoaded || !dom.error.hidden;
  dom.endOfList.hidden = hasMore || seen.size === 0 || !dom.error.hidden;
}

const countFormat = new Intl.NumberFormat('en');

/** "20 of 1,234 videos" when the total is known (the unfiltered list), else "Showing 20 videos". */
function updateCountStatus() {
  if (seen.size === 0) {
    setStatus('No videos found');
  } else if (totalCount !== null && totalCount >= seen.size) {
    setStatus(`${countFormat.format(seen.size)} of ${countFormat.format(totalCount)} ${totalCount === 1 ? 'video' : 'videos'}`);
  } else {
    setStatus(`Showing ${plural(seen.size, 'video')}`);
  }
}

// ---- empty and error states ---------------------------------------------------------------------

function showEmpty() {
  const hasOtherFilters = Boolean(state.channelId || state.after || state.before || state.hideShorts || state.hideLive);
  if (state.q) {
    dom.emptyTitle.textContent = `No videos match "${state.q}".`;
    dom.emptyDetail.textContent = hasOtherFilters
      ? 'Try fewer words, the start of a word instead of the whole word, or clear the filters.'
      : 'Try fewer words, or the start of a word instead of the whole word.';
  } else if (hasOtherFilters) {
    dom.emptyTitle.textContent = 'No videos match these filters.';
    dom.emptyDetail.textContent = 'Try a wider date range or another channel id, or clear the filters.';
  } else {
    dom.emptyTitle.textContent = 'No videos stored yet.';
    dom.emptyDetail.textContent = 'The service fetches new videos every few seconds. This page will tell you when they arrive.';
  }
  dom.emptyClear.hidden = isDefaultState(state);
  dom.empty.hidden = false;
}

/**
 * Shows an ApiError (or any error) with what happened and a way forward.
 * @param {Function} retry  what "Try again" (or the automatic retry after a 429) runs
 */
function showFailure(err, retry, { keepCards = false } = {}) {
  const e = err instanceof ApiError ? err : new ApiError('http', 'Something unexpected happened while loading videos.');
  const prefix = keepCards ? `Showing ${plural(seen.size, 'video')}. ` : '';
  switch (e.kind) {
    case 'rate-limit': {
      startRetryCountdown(e.retryAfter, retry, e.detail);
      setStatus(`${prefix}Too many requests, retrying in ${e.retryAfter} seconds.`);
      return;
    }
    case 'network':
      showError({ title: "Can't reach the server", detail: e.message, retry });
      break;
    case 'unavailable':
      showError({ title: 'The service is temporarily unavailable', detail: e.message, retry });
      break;
    case 'bad-request':
      // Retrying the same request cannot help; the user has to change the search.
      showError({
        title: 'This search could not be run',
        detail: e.message,
        errors: e.errors,
        retry: null,
      });
      break;
    default:
      showError({ title: 'Something went wrong', detail: e.message, retry });
  }
  setStatus(`${prefix}Could not load ${keepCards ? 'more ' : ''}videos: ${e.message}`);
}

function showError({ title, detail = '', errors = null, retry = null, retryLabel = 'Try again' }) {
  dom.errorTitle.textContent = title;
  dom.errorDetail.textContent = detail;
  dom.errorDetail.hidden = !detail;

  const messages = [];
  if (errors) {
    for (const [field, list] of Object.entries(errors)) {
      for (const message of Array.isArray(list) ? list : [list]) {
        if (message && message !== detail) messages.push(`${field}: ${message}`);
      }
    }
  }
  dom.errorList.replaceChildren(...messages.map((m) => {
    const li = document.createElement('li');
    li.textContent = m;
    return li;
  }));
  dom.errorList.hidden = messages.length === 0;

  retryAction = retry;
  dom.errorRetry.hidden = !retry;
  dom.errorRetry.textContent = retryLabel;
  // A failed first page explains itself where the grid would be; a failed next page next to
  // "Load more", where the reader is.
  if (seen.size > 0) dom.grid.after(dom.error);
  else dom.grid.before(dom.error);
  dom.error.hidden = false;
  dom.endOfList.hidden = true;
  // The panel shows the same words: keep the status line for screen readers only meanwhile.
  dom.status.classList.add('visually-hidden');
}

function hideError() {
  dom.error.hidden = true;
  dom.status.classList.remove('visually-hidden');
  retryAction = null;
}

/** 429: count down the Retry-After seconds on screen, then retry by itself. */
function startRetryCountdown(seconds, retry, detail) {
  stopRetryCountdown();
  let left = Math.max(1, seconds);
  const gen = generation;
  const render = () => showError({
    title: `Too many requests, retrying in ${left} s`,
    detail: detail || 'The server asked this page to slow down for a moment.',
    retry: () => { stopRetryCountdown(); hideError(); retry(); },
    retryLabel: 'Retry now',
  });
  render();
  retryTimer = setInterval(() => {
    if (gen !== generation) { stopRetryCountdown(); return; }
    left -= 1;
    if (left <= 0) {
      stopRetryCountdown();
      hideError();
      retry();
    } else {
      render();
    }
  }, 1000);
}

function stopRetryCountdown() {
  clearInterval(retryTimer);
  retryTimer = 0;
}

// ---- new videos: polling and banner -------------------------------------------------------------

function schedulePoll(delay = POLL_INTERVAL_MS) {
  clearTimeout(pollTimer);
  pollTimer = 0;
  if (state.order !== 'desc' || !firstPageLoaded || document.hidden) return;
  pollTimer = setTimeout(poll, delay);
}

function stopPolling() {
  clearTimeout(pollTimer);
  pollTimer = 0;
  pollController?.abort();
  pollController = null;
}

async function poll() {
  pollTimer = 0;
  if (state.order !== 'desc' || !firstPageLoaded || document.hidden) return;
  const gen = generation;
  let nextDelay = POLL_INTERVAL_MS;
  pollController = new AbortController();
  try {
    // The same query, newest first, as large a page as allowed. Thanks to ETags an unchanged
    // first page costs a 304.
    const page = await fetchVideos({ ...apiFilters(state), order: 'desc' }, { limit: MAX_LIMIT }, pollController.signal);
    if (gen !== generation) return;
    lastPollAt = Date.now();
    const fresh = page.items.filter((v) => typeof v?.videoId === 'string'
      && !seen.has(v.videoId) && (!newest || compareVideos(v, newest) > 0));
    // Complete when the page reached back to videos already shown, or there is nothing further.
    const complete = fresh.length < page.items.length || !page.nextCursor;
    pending = { items: fresh, complete };
    renderBanner();
  } catch (err) {
    if (err?.name === 'AbortError' || gen !== generation) return;
    // Polling failures stay quiet: the list on screen is still valid. Back off as told on 429/503.
    if (err instanceof ApiError && err.retryAfter) nextDelay = Math.max(nextDelay, err.retryAfter * 1000);
  } finally {
    if (gen === generation) {
      pollController = null;
      schedulePoll(nextDelay);
    }
  }
}

function renderBanner() {
  const count = pending.items.length;
  if (count === 0) {
    hideBanner();
    return;
  }
  const label = pending.complete ? plural(count, 'new video') : `${count}+ new videos`;
  const text = `${label} — show`;
  if (dom.banner.textContent !== text) dom.banner.textContent = text;
  dom.banner.hidden = false;
}

function hideBanner() {
  pending = { items: [], complete: true };
  dom.banner.hidden = true;
  dom.banner.textContent = '';
}

function showNewVideos() {
  const { items, complete } = pending;
  hideBanner();
  if (complete && items.length > 0 && seen.size > 0 && dom.error.hidden) {
    // Everything newer is in hand: put it on top and keep what was already loaded.
    const cards = addVideos(items, { prepend: true });
    if (totalCount !== null) totalCount += cards.length;
    updateCountStatus();
    scrollToTop();
    cards.forEach((c) => c.classList.add('card--fresh'));
    cards[0]?.querySelector('a')?.focus({ preventScroll: true });
  } else {
    // Too many to stitch in (or nothing shown yet): start again from the top.
    scrollToTop();
    loadFirstPage();
    dom.results.focus({ preventScroll: true });
  }
}

function onVisibilityChange() {
  if (document.hidden) {
    stopPolling();
    return;
  }
  refreshRelativeTimes(dom.grid);
  const overdue = Date.now() - lastPollAt >= POLL_INTERVAL_MS;
  schedulePoll(overdue ? 0 : POLL_INTERVAL_MS - (Date.now() - lastPollAt));
}

// ---- wiring -------------------------------------------------------------------------------------

function init() {
  syncInputs();

  dom.search.addEventListener('input', debounceCommit);
  dom.channel.addEventListener('input', debounceCommit);
  dom.after.addEventListener('change', () => commitFromInputs('discrete'));
  dom.before.addEventListener('change', () => commitFromInputs('discrete'));
  dom.order.addEventListener('change', () => commitFromInputs('discrete'));
  for (const toggle of [dom.hideShorts, dom.hideLive]) {
    toggle.addEventListener('click', () => {
      toggle.setAttribute('aria-pressed', String(toggle.getAttribute('aria-pressed') !== 'true'));
      commitFromInputs('discrete');
    });
  }
  // Enter in any field (or the hidden submit button) searches immediately.
  dom.form.addEventListener('submit', (event) => {
    event.preventDefault();
    commitFromInputs('discrete');
  });
  // Escape in the search box clears it (type=search does this natively in some browsers only).
  dom.search.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && dom.search.value) {
      event.preventDefault();
      dom.search.value = '';
      commitFromInputs('discrete');
    }
  });
  dom.clear.addEventListener('click', clearFilters);
  dom.emptyClear.addEventListener('click', () => {
    clearFilters();
    dom.search.focus();
  });
  dom.errorRetry.addEventListener('click', () => {
    const retry = retryAction;
    hideError();
    retry?.();
  });

  // One listener for every card's channel button.
  dom.grid.addEventListener('click', (event) => {
    const button = event.target.closest('[data-testid="channel-button"]');
    if (button && dom.grid.contains(button)) {
      filterByChannel(button.dataset.channelId, button.dataset.channelTitle);
    }
  });

  dom.loadMore.addEventListener('click', (event) => {
    // event.detail is 0 when the button was activated with Enter/Space rather than a pointer.
    if (dom.loadMore.getAttribute('aria-disabled') !== 'true') loadMore({ moveFocus: event.detail === 0 });
  });
  dom.banner.addEventListener('click', showNewVideos);

  // Infinite scroll: start the next page a little before the user reaches the end.
  if ('IntersectionObserver' in window) {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) autoLoadIfNeeded();
    }, { rootMargin: `0px 0px ${AUTOLOAD_MARGIN_PX}px 0px` });
    observer.observe(dom.sentinel);
  }

  window.addEventListener('popstate', () => {
    clearTimeout(debounceTimer);
    const next = stateFromSearch(location.search);
    if (next.channelId !== state.channelId) channelTitle = '';
    state = next;
    lastHistoryKind = null;
    syncInputs();
    loadFirstPage();
  });

  document.addEventListener('visibilitychange', onVisibilityChange);
  setInterval(() => {
    if (!document.hidden) refreshRelativeTimes(dom.grid);
  }, RELATIVE_REFRESH_MS);

  loadFirstPage();
}

init();
