// Thin client for GET /api/videos. Turns every failure into an ApiError the page can explain.

/** Largest page the API accepts. */
export const MAX_LIMIT = 100;

/**
 * Last answer per URL with its ETag, so a repeated request (the new-videos poll every 15 s, a reload
 * of the same search) is sent with If-None-Match and a 304 reuses the body we already have.
 * Done by hand rather than through the HTTP cache so it works the same in every browser and mode.
 */
const etagCache = new Map();
const ETAG_CACHE_SIZE = 24;

function remember(url, etag, body) {
  etagCache.delete(url);
  etagCache.set(url, { etag, body });
  // Map keeps insertion order: the first key is the least recently stored.
  while (etagCache.size > ETAG_CACHE_SIZE) etagCache.delete(etagCache.keys().next().value);
}

/**
 * A failed request, classified so the UI can say what happened.
 * kind: 'network' (no answer), 'rate-limit' (429), 'unavailable' (503), 'bad-request' (400), 'http' (other).
 */
export class ApiError extends Error {
  constructor(kind, message, { status = 0, detail = '', errors = null, retryAfter = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    /** Field errors of a validation problem: { field: [messages] }. */
    this.errors = errors;
    /** Seconds to wait before retrying, from Retry-After (429/503), or null. */
    this.retryAfter = retryAfter;
  }
}

/**
 * Builds the query string for /api/videos from the page's filters.
 * @param {{q?:string, channelId?:string, publishedAfter?:string, publishedBefore?:string, order?:string}} filters
 * @param {{limit?:number, cursor?:string|null}} page
 */
export function buildVideosUrl(filters, { limit, cursor } = {}) {
  const params = new URLSearchParams();
  if (limit) params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  if (filters.q) params.set('q', filters.q);
  if (filters.channelId) params.set('channelId', filters.channelId);
  if (filters.publishedAfter) params.set('publishedAfter', filters.publishedAfter);
  if (filters.publishedBefore) params.set('publishedBefore', filters.publishedBefore);
  if (filters.shorts) params.set('shorts', filters.shorts);
  if (filters.live) params.set('live', filters.live);
  // desc is the API default; sending it anyway keeps URLs (and cache keys) explicit.
  params.set('order', filters.order === 'asc' || filters.order === 'views' ? filters.order : 'desc');
  return `/api/videos?${params}`;
}

/**
 * Fetches one page of videos.
 * @returns {Promise<{items: object[], nextCursor: string|null}>}
 * @throws {ApiError} on any failure; a DOMException 'AbortError' when `signal` aborts.
 */
export async function fetchVideos(filters, page, signal) {
  const url = buildVideosUrl(filters, page);
  const cached = etagCache.get(url);
  const headers = { Accept: 'application/json' };
  if (cached) headers['If-None-Match'] = cached.etag;

  let response;
  try {
    // 'no-store': the browser cache stays out of the way, so our own If-None-Match reaches the
    // server and a 304 reaches us.
    response = await fetch(url, { headers, cache: 'no-store', signal });
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    throw new ApiError('network', 'Could not reach the server. Check your connection and try again.');
  }

  if (response.status === 304 && cached) return toPage(cached.body);

  if (response.ok) {
    let body;
    try {
      body = await response.json();
    } catch (err) {
      if (err?.name === 'AbortError') throw err;
      throw new ApiError('http', 'The server sent an answer this page could not read.', { status: response.status });
    }
    const etag = response.headers.get('ETag');
    if (etag) remember(url, etag, body);
    return toPage(body);
  }

  throw await toApiError(response);
}

function toPage(body) {
  return {
    items: Array.isArray(body?.items) ? body.items : [],
    nextCursor: typeof body?.nextCursor === 'string' && body.nextCursor !== '' ? body.nextCursor : null,
    // Only the plain list (no search or filter) says how many videos there are.
    totalCount: Number.isSafeInteger(body?.totalCount) ? body.totalCount : null,
  };
}

/** Reads an RFC 9457 problem body (when there is one) into an ApiError. */
async function toApiError(response) {
  let problem = null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      problem = await response.json();
    } catch {
      problem = null;
    }
  }
  const detail = typeof problem?.detail === 'string' ? problem.detail : '';
  const title = typeof problem?.title === 'string' ? problem.title : '';
  const errors = problem?.errors && typeof problem.errors === 'object' ? problem.errors : null;
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  const status = response.status;
  const info = { status, detail, errors, retryAfter };

  switch (status) {
    case 429:
      return new ApiError('rate-limit', 'Too many requests.', { ...info, retryAfter: retryAfter ?? 5 });
    case 503:
      return new ApiError('unavailable', detail || title || 'The service is temporarily unavailable (its database is not answering).', info);
    case 400:
      return new ApiError('bad-request', detail || title || 'The server could not use this search.', info);
    default:
      return new ApiError('http', detail || title || `The server answered ${status} ${response.statusText}`.trim() + '.', info);
  }
}

/** Retry-After is either delta-seconds or an HTTP date. Returns whole seconds (≥ 1) or null. */
export function parseRetryAfter(value) {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.max(1, parseInt(trimmed, 10));
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(1, Math.ceil((at - Date.now()) / 1000));
}
