/**
 * render-progress.js: follow render-gateway renders live in a browser, with nothing but EventSource.
 * Copy this file into your frontend; it has no dependencies and needs no build step.
 *
 *   import { followRenders } from './render-progress.js';
 *
 *   const follower = followRenders({
 *     baseUrl: 'https://gateway.example.com',   // optional; default: the page's own origin
 *     renders: ['r_abc'],                        // optional; default: every render of the tenant, new ones too
 *     getToken: async () => {                    // required: a token from POST /v1/tokens, usually obtained
 *       const answer = await fetch('/my-backend/render-token', { method: 'POST' });   // by your backend,
 *       return answer.json();                    // so the gateway key never reaches the browser:
 *     },                                         // resolves to { token, expiresAt }
 *     onRender: (render) => drawBar(render),     // every state: the current ones first, then each change
 *     onStatus: (status, detail) => {},          // 'connecting' | 'live' | 'reconnecting' | 'unauthorized'
 *   });
 *   follower.close();                            // stop following
 *
 * What it takes care of:
 * - Reconnection: EventSource reconnects by itself and sends Last-Event-ID, so the gateway resumes without
 *   losing or repeating a change. When it cannot (the token expired, the gateway restarted with another
 *   secret), this opens a new EventSource with a fresh token and ?lastEventId=, after a growing pause.
 * - Token expiry: the stream is renewed with a fresh token shortly before the token expires (the gateway
 *   ends a stream when its token expires).
 * - If getToken rejects with an error whose `status` is 401 (the key was refused), onStatus('unauthorized')
 *   is called and following stops until you call follower.restart().
 */
export function followRenders({ baseUrl = '', renders = [], getToken, onRender, onStatus = () => {} }) {
  const RENEW_BEFORE_EXPIRY_MS = 30_000;
  const MAX_PAUSE_MS = 30_000;
  let source = null;
  let lastEventId = null;
  let renewTimer = null;
  let retryTimer = null;
  let pause = 1_000;
  let stopped = false;

  function streamUrl(token) {
    const url = new URL('/v1/events', baseUrl || window.location.origin);
    renders.forEach((id) => url.searchParams.append('render', id));
    url.searchParams.set('access_token', token);
    if (lastEventId !== null) {
      url.searchParams.set('lastEventId', lastEventId);
    }
    return url.toString();
  }

  async function open() {
    clearTimeout(renewTimer);
    clearTimeout(retryTimer);
    if (stopped) return;
    onStatus('connecting');
    let grant;
    try {
      grant = await getToken();
    } catch (error) {
      if (error && error.status === 401) {
        stopped = true;
        onStatus('unauthorized', error);
      } else {
        retryLater(error);
      }
      return;
    }
    if (stopped) return;
    closeSource();
    source = new EventSource(streamUrl(grant.token));
    source.addEventListener('open', () => {
      pause = 1_000;
      onStatus('live');
    });
    source.addEventListener('render', (event) => {
      lastEventId = event.lastEventId || lastEventId;
      onRender(JSON.parse(event.data), event.lastEventId);
    });
    source.addEventListener('error', () => {
      if (source && source.readyState === EventSource.CLOSED) {
        retryLater();          // refused (e.g. 401 for an expired token): reopen with a fresh token
      } else {
        onStatus('reconnecting');  // the browser retries by itself, sending Last-Event-ID
      }
    });
    const renewIn = Date.parse(grant.expiresAt) - Date.now() - RENEW_BEFORE_EXPIRY_MS;
    renewTimer = setTimeout(open, Math.max(1_000, renewIn));
  }

  function retryLater(detail) {
    closeSource();
    onStatus('reconnecting', detail);
    retryTimer = setTimeout(open, pause);
    pause = Math.min(pause * 2, MAX_PAUSE_MS);
  }

  function closeSource() {
    if (source) {
      source.close();
      source = null;
    }
  }

  open();
  return {
    close() {
      stopped = true;
      clearTimeout(renewTimer);
      clearTimeout(retryTimer);
      closeSource();
    },
    restart() {
      stopped = false;
      pause = 1_000;
      open();
    },
  };
}
