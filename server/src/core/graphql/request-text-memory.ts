/**
 * What the server learned about a GraphQL request text (its operation name and query), kept for the
 * next requests of the same text: clients send few texts, each many times. Bounded both ways: at
 * most `maxTexts` texts (past that the memory starts again) of at most `maxChars` characters (a
 * page's query is about 1,000), so no client can make it hold more than about 10 MB of text.
 */
export class RequestTextMemory<T> {
  readonly #values = new Map<string, T>();

  constructor(
    private readonly maxTexts = 1000,
    private readonly maxChars = 10_000,
  ) {}

  get(query: string, operationName: unknown): T | undefined {
    return this.#values.get(keyOf(query, operationName));
  }

  /** Remembers `value` for this text, unless the text is too long to keep. */
  set(query: string, operationName: unknown, value: T): void {
    if (query.length > this.maxChars) return;
    if (this.#values.size >= this.maxTexts) this.#values.clear();
    this.#values.set(keyOf(query, operationName), value);
  }
}

const keyOf = (query: string, operationName: unknown) =>
  `${typeof operationName === 'string' ? operationName : ''}\n${query}`;
