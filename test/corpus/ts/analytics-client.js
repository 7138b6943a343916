// Browser-style analytics client used by the Node SSR layer.
const ENDPOINT = 'https://analytics.example.com/collect';

function post(body) {
  return fetch(ENDPOINT, {
    method: 'POST',
    body: JSON.stringify(body),
    keepalive: true,
    signal: AbortSignal.timeout(2_000),
  });
}

export function trackPageView(path, userId) {
  post({ type: 'pageview', path, userId }).then((res) => { // expect: then-without-catch
    if (!res.ok) console.warn(`analytics answered ${res.status}`);
  });
}

export function trackClick(target) {
  post({ type: 'click', target })
    .then((res) => res.ok)
    .catch((err) => console.warn('analytics click failed', err));
}

export function trackError(error) {
  // Second argument of then: rejections are handled.
  post({ type: 'error', message: String(error) }).then(
    (res) => res.status,
    (err) => console.warn('analytics error report failed', err),
  );
}
