// One collection for scrapes that come together. Collecting and serializing
// run on the application's event loop; with one collection per request, 64
// scrapers took 85-94% of the application's time. Here a scrape starts a
// collection on the next turn of the event loop (setImmediate, after the
// pending requests of this turn have been read), and every scrape that
// arrives before it is done gets the same text. A scrape after that gets a
// fresh collection: nothing is served from an old one.

/** Wraps `collect` so that calls while one is pending share its result. */
export function sharedCollection<T>(collect: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(collect)
      .finally(() => {
        pending = undefined;
      }));
}
