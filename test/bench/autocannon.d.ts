/** The little of autocannon's API the bench uses (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';
  function autocannon(options: autocannon.Options): autocannon.Instance;
  namespace autocannon {
    type Options = Record<string, unknown>;
    interface Instance extends EventEmitter, PromiseLike<unknown> {}
  }
  export = autocannon;
}
