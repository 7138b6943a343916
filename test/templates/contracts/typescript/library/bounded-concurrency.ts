// The p-map variant keeps the main template's API (mapWithConcurrency(items, limit, mapper, { signal })), so it is
// held to the main template's scenarios, unchanged: same items, same fake clock.
export { default } from '../bounded-concurrency.js';
