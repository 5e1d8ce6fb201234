// DOM builders for video cards and skeletons, plus time formatting.
// All text from the API goes through textContent / attributes, never innerHTML.

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
// undefined locale = the viewer's own conventions for the absolute local date-time.
const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const UNITS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago", "yesterday", "just now" … */
export function formatRelative(date, now = Date.now()) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  // Less than a minute old, or slightly in the future because of clock skew.
  if (seconds > -60) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return relativeFormat.format(seconds, 'second');
}

export function formatAbsolute(date) {
  return absoluteFormat.format(date);
}

/** Refreshes every relative time below `root` (they drift while the page stays open). */
export function refreshRelativeTimes(root) {
  const now = Date.now();
  for (const time of root.querySelectorAll('time[data-relative]')) {
    const date = new Date(time.dateTime);
    if (!Number.isNaN(date.getTime())) time.textContent = formatRelative(date, now);
  }
}

const compactFormat = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** "1.2K views", "1 view", "3.4M views". */
export function formatViews(count) {
  return `${compactFormat.format(count)} ${count === 1 ? 'view' : 'views'}`;
}

/** "0:42", "4:13", "1:02:03" (YouTube's own badge format). */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

function el(tag, className, attrs = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  return node;
}

/** Picks the 16:9 medium thumbnail, falling back to the others. */
function thumbnailUrl(thumbnails) {
  const pick = thumbnails?.medium ?? thumbnails?.high ?? thumbnails?.default;
  const url = typeof pick?.url === 'string' ? pick.url : '';
  // Only https URLs are rendered; anything else would be blocked by the CSP anyway.
  return url.startsWith('https://') ? url : '';
}

/**
 * Builds one video card.
 * @param {object} video  an item of GET /api/videos
 */
export function createVideoCard(video) {
  const id = String(video.videoId ?? '');
  const title = String(video.title ?? '').trim() || 'Untitled video';
  const channelTitle = String(video.channelTitle ?? '').trim() || 'Unknown channel';
  const channelId = String(video.channelId ?? '');
  const watchUrl = `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`;

  const card = el('li', 'card', { 'data-testid': 'video-card', 'data-video-id': id });

  // Thumbnail: a fixed 16:9 frame so nothing jumps while images load; a neutral placeholder shows
  // through when the image is missing or fails (the 'error' listener adds a class, no inline style).
  const frame = el('div', 'card__thumb');
  const src = thumbnailUrl(video.thumbnails);
  if (src) {
    const img = el('img', 'card__img', {
      src,
      alt: '', // the title link names the card; the image would only repeat it
      width: 320,
      height: 180,
      loading: 'lazy',
      decoding: 'async',
      referrerpolicy: 'no-referrer',
    });
    img.addEventListener('error', () => frame.classList.add('card__thumb--failed'), { once: true });
    frame.append(img);
  } else {
    frame.classList.add('card__thumb--failed');
  }
  // Badges on the thumbnail: a broadcast's state, else the length (unknown until the details are read).
  if (video.live === 'live' || video.live === 'upcoming') {
    const live = video.live === 'live';
    const badge = el('span', `badge badge--${video.live}`, { 'data-testid': `${video.live}-badge` });
    badge.textContent = live ? 'LIVE' : 'Upcoming';
    frame.append(badge);
  } else if (Number.isFinite(video.durationSeconds) && video.durationSeconds > 0) {
    const badge = el('span', 'badge badge--duration', { 'data-testid': 'duration-badge' });
    badge.textContent = formatDuration(video.durationSeconds);
    frame.append(badge);
  }
  card.append(frame);

  const body = el('div', 'card__body');

  const heading = el('h3', 'card__title');
  // The title link is stretched over the whole card with CSS (::after), so the thumbnail is clickable
  // too without adding a second, duplicate tab stop.
  const link = el('a', 'card__link', {
    href: watchUrl,
    target: '_blank',
    rel: 'noopener',
    'data-testid': 'video-title',
    'aria-describedby': 'new-tab-hint',
  });
  link.textContent = title;
  heading.append(link);
  body.append(heading);

  const channel = el('button', 'card__channel', {
    type: 'button',
    'data-testid': 'channel-button',
    'data-channel-id': channelId,
    'data-channel-title': channelTitle,
    title: `Show only videos from ${channelTitle}`,
  });
  channel.textContent = channelTitle;
  body.append(channel);

  const meta = el('p', 'card__meta');
  const published = new Date(video.publishedAt);
  if (!Number.isNaN(published.getTime())) {
    const absolute = formatAbsolute(published);
    const time = el('time', 'card__time', {
      datetime: video.publishedAt,
      title: absolute,
      'data-relative': '',
    });
    time.textContent = formatRelative(published);
    const abs = el('span', 'card__abs');
    abs.textContent = absolute;
    const dot = el('span', 'card__dot', { 'aria-hidden': 'true' });
    dot.textContent = '·';
    meta.append(time, dot, abs);
  }
  if (Number.isFinite(video.viewCount)) {
    const views = el('span', 'card__views', { 'data-testid': 'views', title: `${video.viewCount.toLocaleString('en')} views` });
    views.textContent = formatViews(video.viewCount);
    const dot = el('span', 'card__dot', { 'aria-hidden': 'true' });
    dot.textContent = '·';
    meta.prepend(views, dot);
  }
  body.append(meta);

  card.append(body);
  return card;
}

/** Placeholder cards shown while the first page loads. Hidden from assistive technology. */
export function createSkeletons(count) {
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < count; i++) {
    const card = el('li', 'card card--skeleton', { 'aria-hidden': 'true' });
    const thumb = el('div', 'card__thumb skeleton');
    const body = el('div', 'card__body');
    body.append(
      el('div', 'skeleton skeleton--line'),
      el('div', 'skeleton skeleton--line skeleton--short'),
      el('div', 'skeleton skeleton--line skeleton--tiny'),
    );
    card.append(thumb, body);
    fragment.append(card);
  }
  return fragment;
}
