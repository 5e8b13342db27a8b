// fetch wrapper for the tgstream JSON API.
// - same-origin cookies, JSON in and out; state-changing calls send Content-Type: application/json
// - errors are application/problem+json {status, title, detail, requestId} -> ApiError
// - a 401 anywhere (except where the caller expects it) calls the unauthorized handler -> login view

export class ApiError extends Error {
  constructor({ status = 0, title = '', detail = '', requestId = '', retryAfter = null } = {}) {
    super(detail || title || (status ? `Request failed (HTTP ${status})` : 'Request failed'));
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail || this.message;
    this.requestId = requestId;
    this.retryAfter = retryAfter; // seconds, when the server sent Retry-After
  }
}

let unauthorizedHandler = null;

/** app.js registers what to do when the session is gone (show the login view). */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

export function isAbort(err) {
  return err && (err.name === 'AbortError' || (err instanceof DOMException && err.code === 20));
}

/** Retry-After is either delay-seconds or an HTTP-date. */
export function parseRetryAfter(value) {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return parseInt(trimmed, 10);
  const when = Date.parse(trimmed);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.ceil((when - Date.now()) / 1000));
}

/**
 * @param {string} path  e.g. '/api/channels'
 * @param {{method?: string, body?: any, query?: object, signal?: AbortSignal,
 *          keepalive?: boolean, expect401?: boolean}} [opts]
 * @returns {Promise<any>} parsed JSON, or null for 204 / empty bodies
 */
export async function api(path, opts = {}) {
  const method = (opts.method || 'GET').toUpperCase();
  const url = withQuery(path, opts.query);
  const headers = { Accept: 'application/json, application/problem+json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET' && method !== 'HEAD') {
    headers['Content-Type'] = 'application/json';
    if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
  }
  if (opts.signal) init.signal = opts.signal;
  if (opts.keepalive) init.keepalive = true;

  let res;
  try {
    res = await fetch(url, init);
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError({ status: 0, title: 'Network error', detail: 'Cannot reach the server. Check your connection and try again.' });
  }

  if (res.ok) {
    if (res.status === 204) return null;
    const text = await res.text();
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError({ status: res.status, title: 'Bad response', detail: 'The server sent a response that is not JSON.' });
    }
  }

  const error = await problemFrom(res);
  if (res.status === 401 && !opts.expect401 && unauthorizedHandler) {
    unauthorizedHandler(error);
  }
  throw error;
}

async function problemFrom(res) {
  let problem = {};
  try {
    const text = await res.text();
    if (text) problem = JSON.parse(text);
  } catch {
    problem = {};
  }
  if (typeof problem !== 'object' || problem === null) problem = {};
  const detail = typeof problem.detail === 'string' && problem.detail ? problem.detail
    : typeof problem.title === 'string' && problem.title ? problem.title
      : defaultDetail(res.status);
  return new ApiError({
    status: problem.status || res.status,
    title: problem.title || res.statusText || '',
    detail,
    requestId: problem.requestId || res.headers.get('X-Request-Id') || '',
    retryAfter: parseRetryAfter(res.headers.get('Retry-After')),
  });
}

function defaultDetail(status) {
  switch (status) {
    case 401: return 'Please sign in.';
    case 403: return 'You are not allowed to do that.';
    case 404: return 'Not found.';
    case 429: return 'Too many requests, try again shortly.';
    case 502: case 503: case 504: return 'The server is unavailable right now. Try again in a moment.';
    default: return `Request failed (HTTP ${status}).`;
  }
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  if (!qs) return path;
  return path + (path.includes('?') ? '&' : '?') + qs;
}

/** URL-path segment for an id (ids are URL-safe, but never trust that). */
export function seg(id) {
  return encodeURIComponent(String(id));
}

// Convenience wrappers used by the views.
export const getMe = () => api('/api/me', { expect401: true });
export const login = (name, password) => api('/api/login', { method: 'POST', body: { name, password }, expect401: true });
export const logout = () => api('/api/logout', { method: 'POST', body: {} });
export const getChannels = (signal) => api('/api/channels', { signal });
export const getFiles = (channelId, query, signal) => api(`/api/channels/${seg(channelId)}/files`, { query, signal });
export const getFile = (fileId, signal) => api(`/api/files/${seg(fileId)}`, { signal });
export const getProgress = (signal) => api('/api/progress', { signal });
export const putProgress = (fileId, position, duration, keepalive = false) =>
  api(`/api/progress/${seg(fileId)}`, { method: 'PUT', body: { position, duration }, keepalive });
export const deleteProgress = (fileId) => api(`/api/progress/${seg(fileId)}`, { method: 'DELETE' });
export const getUsers = (signal) => api('/api/users', { signal });
export const createUser = (user) => api('/api/users', { method: 'POST', body: user });
export const updateUser = (name, changes) => api(`/api/users/${seg(name)}`, { method: 'PUT', body: changes });
export const deleteUser = (name) => api(`/api/users/${seg(name)}`, { method: 'DELETE' });
export const getStats = (signal) => api('/api/stats', { signal });
export const playlistUrl = (channelId) => `/api/channels/${seg(channelId)}/playlist.m3u`;
export const changePassword = (current, next) => api('/api/me/password', { method: 'POST', body: { current, new: next } });
export const openPostLink = (url) => api('/api/links', { query: { url } });
export const getSessions = (signal) => api('/api/sessions', { signal });
export const endSession = (id) => api(`/api/sessions/${seg(id)}`, { method: 'DELETE' });
