import fc from 'fast-check';
import { isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../../server/src/schema.js';
import { addDays, today } from '../../../server/src/core/dates.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { changedTables, fingerprint, type Fingerprint } from './helpers/fingerprint.js';
import {
  applyEdits,
  DeepValue,
  documentFor,
  editsAt,
  hostileString,
  isAbout,
  pathName,
  positionsOf,
  toJsonBody,
  type Edit,
} from './helpers/hostile.js';
import {
  CONTRACT_MANAGER,
  createOwnObjects,
  MUTATION_CASES,
  PARTNER,
  PROVIDER_ADMIN,
  REFERRER,
  REGION_ADMIN,
  STAFF,
  SUBCONTRACTOR,
  type Call,
  type CaseContext,
  type MutationCase,
} from './helpers/mutation-cases.js';
import { QUERY_CASES } from './helpers/query-cases.js';

/**
 * Every mutation and every argument of every query and field of the schema, driven with hostile values (fast-check, seeded): over-long strings,
 * control characters and odd Unicode, nulls, wrong types, huge and negative numbers, malformed and
 * out-of-range dates, injection strings, deeply nested objects, duplicated and oversized lists.
 * Each call runs as an account allowed to make it, on a valid call where one value is made hostile,
 * so that the validators are what refuses it. Whatever comes in:
 *   - never a 5xx and never INTERNAL_SERVER_ERROR;
 *   - a refusal is BAD_USER_INPUT naming the field that was made wrong (extensions.fields), or one of
 *     the contract's domain codes where the input was valid but the action is not;
 *   - a refused call changes nothing in the database.
 */

const RUNS = Number(process.env.HOSTILE_RUNS ?? 25);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261125);
const MAX_BODY_BYTES = 256 * 1024;
const TOO_MANY_ERRORS = /^Too many errors processing variables/;
const DOMAIN_CODES = ['BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RULE_VIOLATION'];

const ACCOUNTS = [REFERRER, STAFF, PROVIDER_ADMIN, REGION_ADMIN, CONTRACT_MANAGER, SUBCONTRACTOR, PARTNER];

/** The schema the server serves: its mutations and arguments decide what is tested. */
const schema: GraphQLSchema = await createSchema();
const MUTATIONS = Object.keys(schema.getMutationType()!.getFields()).sort();
/**
 * Every field with arguments outside Mutation, as `Type.field`: the queries and the fields below
 * them. (The one subscription checks its id itself, as the WebSocket layer calls it directly.)
 */
const FIELDS_WITH_ARGUMENTS = Object.values(schema.getTypeMap())
  .filter(
    (type): type is GraphQLObjectType =>
      isObjectType(type) &&
      !type.name.startsWith('__') &&
      type !== schema.getMutationType() &&
      type !== schema.getSubscriptionType(),
  )
  .flatMap((type) =>
    Object.values(type.getFields())
      .filter((field) => field.args.length > 0)
      .map((field) => `${type.name}.${field.name}`),
  )
  .sort();

let t: TestApp;
let ctx: CaseContext;
const tally = new Map<string, Record<string, number>>();

beforeAll(async () => {
  t = await startTestApp();
  // sign in first: a sign-in between two fingerprints would be a write they see
  for (const email of ACCOUNTS) {
    await t.as(email)('{ me { id } }');
    tokens.set(email, await t.login(email));
  }
  let n = 0;
  ctx = {
    t,
    as: (email) => t.as(email),
    unique: () => ++n,
    // the server's today: the Amsterdam day, asked at each use (a run may pass midnight)
    get today() {
      return today();
    },
    inDays: (days) => addDays(today(), days),
    own: await createOwnObjects(t),
  };
}, 120_000);

afterAll(async () => {
  if (tally.size) {
    const lines = [...tally].map(
      ([name, counts]) =>
        `${name.padEnd(28)} ${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    );
    console.log(`hostile input, ${RUNS} runs per operation (seed ${SEED}):\n${lines.join('\n')}`);
  }
  await t?.close();
});

interface Response {
  status: number;
  bytes: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, any> }[] };
  statements: number;
}

async function send(query: string, variables: Record<string, unknown>, call: Call): Promise<Response> {
  const token = call.token ?? (call.as ? await tokenOf(call.as) : undefined);
  const body = toJsonBody({ query, variables });
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  let parsed: Response['body'];
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { errors: [{ message: `non-JSON response: ${text.slice(0, 200)}`, extensions: { code: 'NOT_JSON' } }] };
  }
  return {
    status: res.status,
    bytes: Buffer.byteLength(body),
    body: parsed,
    statements: Number(res.headers.get('x-sql-statements') ?? NaN),
  };
}

/** Sessions of the accounts that make the hostile calls, signed in before any fingerprint is taken. */
const tokens = new Map<string, string>();
async function tokenOf(email: string): Promise<string> {
  const token = tokens.get(email);
  if (!token) throw new Error(`${email} is not signed in: add it to ACCOUNTS`);
  return token;
}

/** What is wrong with this answer to a hostile call, if anything. */
function problemsWith(response: Response, applied: Edit[], c: Pick<MutationCase, 'related' | 'extraCodes'>): string[] {
  const problems: string[] = [];
  const { status, body } = response;
  if (status >= 500) problems.push(`HTTP ${status}`);
  if (status === 413) {
    if (response.bytes <= MAX_BODY_BYTES) problems.push(`413 for a body of ${response.bytes} bytes`);
    return problems;
  }
  const errors = body.errors ?? [];
  if (!errors.length) {
    if (!body.data) problems.push('neither data nor errors');
    return problems;
  }
  if (body.data && Object.values(body.data).some((v) => v !== null)) problems.push('data and errors at once');
  const allowed = [...DOMAIN_CODES, ...(c.extraCodes ?? [])];
  const related = applied.flatMap((e) => c.related?.[pathName(e.path)] ?? []);
  for (const error of errors) {
    const code = error.extensions?.code;
    if (!allowed.includes(code)) {
      problems.push(`code ${code}: ${error.message.slice(0, 200)}`);
      continue;
    }
    if (code !== 'BAD_USER_INPUT') continue;
    const fields: { field: string }[] = error.extensions?.fields ?? [];
    // GraphQL-js stops after 50 wrong values with a summary; the errors before it name the fields
    if (!fields.length && !TOO_MANY_ERRORS.test(error.message))
      problems.push(`BAD_USER_INPUT without fields: ${error.message.slice(0, 200)}`);
    for (const { field } of fields) {
      const about =
        applied.some((e) => isAbout(field, e)) || related.some((r) => field === r || field.startsWith(`${r}.`));
      if (!about)
        problems.push(
          `names ${field}, but ${applied.map((e) => pathName(e.path)).join(' and ')} was made wrong: ${error.message.slice(0, 200)}`,
        );
    }
  }
  return problems;
}

const describeEdit = (e: Edit) =>
  `${e.label} at ${pathName(e.path)}${e.op === 'set' ? `: ${e.value instanceof DeepValue ? e.value.description : JSON.stringify(e.value)?.slice(0, 120)}` : e.op === 'repeat' ? ` ×${e.times}` : ''}`;

describe('hostile input', () => {
  it('covers every mutation of the schema', () => {
    const missing = MUTATIONS.filter((n) => !MUTATION_CASES[n]);
    expect(missing, 'mutations without a hostile-input case in helpers/mutation-cases.ts').toEqual([]);
  });

  // login last: its failed attempts throttle further sign-ins from this address
  const order = [...MUTATIONS].sort((a, b) => Number(a === 'login') - Number(b === 'login') || a.localeCompare(b));
  order.forEach((name, index) => {
    it(`${name}: no internal error, the wrong field named, nothing written when refused`, async () => {
      const field = schema.getMutationType()!.getFields()[name];
      const c = MUTATION_CASES[name];
      expect(c, `a case for ${name} in helpers/mutation-cases.ts`).toBeDefined();
      const query = documentFor(field);
      const counts: Record<string, number> = {};
      tally.set(name, counts);

      // the valid call is accepted: hostile values are then refused for what they are
      const valid = await c.setup(ctx);
      const baseline = await send(query, valid.variables, valid);
      expect(baseline.body.errors, `the valid ${name} call`).toBeUndefined();

      let call: Call | undefined = c.consumes ? undefined : valid;
      let before: Fingerprint | undefined;
      // a mutation without arguments gets hostile variables it does not declare (ignored)
      const edits =
        field.args.length === 0
          ? fc
              .array(fc.tuple(fc.constantFrom('input', 'id', 'x'), hostileString), { minLength: 1, maxLength: 2 })
              .map((pairs) =>
                pairs.map(([key, value]): Edit => ({ op: 'set', path: [key], value, label: 'undeclared variable' })),
              )
          : fc.array(fc.constantFrom(...positionsOf(field.args)).chain(editsAt), { minLength: 1, maxLength: 3 });

      await fc.assert(
        fc.asyncProperty(
          edits.filter((list) => !list.some((e) => c.avoid?.(e))),
          async (list) => {
            if (!call) {
              call = await c.setup(ctx);
              before = undefined;
            }
            before ??= await fingerprint(t.admin);
            const { variables, applied } = applyEdits(call.variables, list);
            const response = await send(query, variables, call);
            const problems = problemsWith(response, applied, c);
            const refused = response.status === 413 || !!response.body.errors?.length;
            const outcome =
              response.status === 413
                ? '413'
                : refused
                  ? [...new Set(response.body.errors!.map((e) => e.extensions?.code))].join('+')
                  : 'accepted';
            counts[outcome] = (counts[outcome] ?? 0) + 1;
            if (refused) {
              const after = await fingerprint(t.admin);
              const changed = changedTables(before, after);
              if (changed.length) problems.push(`refused, but wrote to ${changed.join(', ')}`);
              before = after;
            } else {
              before = undefined;
              if (c.consumes) call = undefined;
            }
            if (problems.length) {
              throw new Error(
                `${name} with ${applied.map(describeEdit).join('; ')}:\n  ${problems.join('\n  ')}\n  response ${response.status}: ${JSON.stringify(response.body).slice(0, 600)}`,
              );
            }
          },
        ),
        {
          seed: SEED + index,
          numRuns: name === 'logout' || name === 'login' ? Math.min(RUNS, 15) : RUNS,
          endOnFailure: true,
        },
      );
    }, 120_000);
  });
});

describe('hostile arguments of queries and fields', () => {
  it('covers every argument of every query and field of the schema', () => {
    const missing = FIELDS_WITH_ARGUMENTS.filter((key) => !QUERY_CASES[key]);
    expect(missing, 'fields with arguments without a case in helpers/query-cases.ts').toEqual([]);
  });

  FIELDS_WITH_ARGUMENTS.forEach((key, index) => {
    it(`${key}: no internal error, the wrong argument named`, async () => {
      const [typeName, fieldName] = key.split('.');
      const field = (schema.getType(typeName) as GraphQLObjectType).getFields()[fieldName];
      const c = QUERY_CASES[key];
      expect(c, `a case for ${key} in helpers/query-cases.ts`).toBeDefined();
      const query = c.document ?? documentFor(field, 'query');
      const counts: Record<string, number> = {};
      tally.set(key, counts);

      const valid = await c.setup(ctx);
      const baseline = await send(query, valid.variables, valid);
      expect(baseline.body.errors, `the valid ${key} call`).toBeUndefined();

      const edits = fc.array(fc.constantFrom(...positionsOf(field.args)).chain(editsAt), {
        minLength: 1,
        maxLength: 3,
      });
      await fc.assert(
        fc.asyncProperty(
          edits.filter((list) => !list.some((e) => c.avoid?.(e))),
          async (list) => {
            const { variables, applied } = applyEdits(valid.variables, list);
            const response = await send(query, variables, valid);
            const problems = problemsWith(response, applied, c);
            const outcome =
              response.status === 413
                ? '413'
                : response.body.errors?.length
                  ? [...new Set(response.body.errors.map((e) => e.extensions?.code))].join('+')
                  : 'answered';
            counts[outcome] = (counts[outcome] ?? 0) + 1;
            if (problems.length) {
              throw new Error(
                `${key} with ${applied.map(describeEdit).join('; ')}:\n  ${problems.join('\n  ')}\n  response ${response.status}: ${JSON.stringify(response.body).slice(0, 600)}`,
              );
            }
          },
        ),
        { seed: SEED + 1000 + index, numRuns: RUNS, endOnFailure: true },
      );
    }, 120_000);
  });
});

describe('request limits under generated queries', () => {
  /** The selection from `type` down a chain of `depth` fields (object fields, then __typename), with fragments on the way. */
  function chain(
    type: 'Consortium' | 'ConsortiumMembership' | 'Provider',
    depth: number,
    wraps: ('inline' | 'named' | 'none')[],
    fragments: string[],
  ): string {
    if (depth <= 1) return '__typename';
    const next: Record<string, [string, 'Consortium' | 'ConsortiumMembership' | 'Provider'][]> = {
      Consortium: [['members', 'ConsortiumMembership']],
      ConsortiumMembership: [
        ['provider', 'Provider'],
        ['consortium', 'Consortium'],
      ],
      Provider: [['consortia', 'ConsortiumMembership']],
    };
    const options = next[type];
    const [field, to] = options[depth % options.length];
    const wrap = wraps[depth % wraps.length];
    // a fragment level counts as one level of depth, as the limit counts it
    if (wrap !== 'none' && depth > 2) {
      const inner = chain(
        type,
        depth - 1,
        wraps.map((w) => (w === wrap ? 'none' : w)),
        fragments,
      );
      if (wrap === 'inline') return `... on ${type} { ${inner} }`;
      const name = `F${fragments.length}`;
      fragments.push(`fragment ${name} on ${type} { ${inner} }`);
      return `...${name}`;
    }
    return `${field} { ${chain(to, depth - 1, wraps, fragments)} }`;
  }

  const shape = fc.record({
    depth: fc.integer({ min: 1, max: 40 }),
    aliases: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 400 })),
    wraps: fc.array(fc.constantFrom<'inline' | 'named' | 'none'>('inline', 'named', 'none', 'none'), {
      minLength: 1,
      maxLength: 3,
    }),
    heavy: fc.integer({ min: 0, max: 15 }),
  });

  function refusedBeforeExecution(r: Response): string[] {
    const problems: string[] = [];
    if (r.status >= 500) problems.push(`HTTP ${r.status}`);
    if (r.body.data) problems.push('data although refused');
    for (const e of r.body.errors ?? [])
      if (e.extensions?.code !== 'BAD_USER_INPUT') problems.push(`code ${e.extensions?.code}: ${e.message}`);
    if (!(r.statements <= 3)) problems.push(`${r.statements} SQL statements: resolvers ran`);
    return problems;
  }

  it('deep, aliased and expensive queries are refused with BAD_USER_INPUT before any resolver runs', async () => {
    const admin = { as: 'admin@h10.example' } as Call;
    const heavyFields =
      'id name agbCode kvkNumber consortia { role validFrom consortium { id name lots { id code } areas { id name municipality { id name } } } }';
    await fc.assert(
      fc.asyncProperty(shape, async ({ depth, aliases, wraps, heavy }) => {
        const fragments: string[] = [];
        const deep = `consortia { ${chain('Consortium', depth - 1, wraps, fragments)} }`;
        const extra = [
          // aliases of __typename are free (the limit leaves them out on purpose): alias a field that resolves
          ...Array.from({ length: aliases }, (_, i) => `a${i}: me { id }`),
          ...Array.from({ length: heavy }, (_, i) => `h${i}: providers { ${heavyFields} }`),
        ];
        const query = `{ ${deep} ${extra.join(' ')} } ${fragments.join(' ')}`;
        const r = await send(query, {}, admin);
        const aliasCount = aliases + heavy;
        const refused = !!r.body.errors?.length;
        const problems: string[] = [];
        if (r.status >= 500) problems.push(`HTTP ${r.status}`);
        if (refused) {
          problems.push(...refusedBeforeExecution(r));
          if (
            !r.body.errors!.every((e) =>
              /^Query refused: it (is nested too deeply|uses too many aliases|is too expensive)\.$/.test(e.message),
            )
          ) {
            problems.push(`unexpected refusal: ${r.body.errors!.map((e) => e.message).join('; ')}`);
          }
        } else {
          if (depth > 12) problems.push(`a query ${depth} levels deep was executed`);
          if (aliasCount > 15) problems.push(`a query with ${aliasCount} aliases was executed`);
        }
        if (depth > 12 && !r.body.errors?.some((e) => /nested too deeply/.test(e.message)))
          problems.push(`depth ${depth} not refused as too deep`);
        if (aliasCount > 15 && !r.body.errors?.some((e) => /too many aliases/.test(e.message)))
          problems.push(`${aliasCount} aliases not refused`);
        if (problems.length) throw new Error(`${problems.join('; ')}\n  query: ${query.slice(0, 400)}`);
      }),
      { seed: SEED, numRuns: 40, endOnFailure: true },
    );
  });

  it('a mutation with hostile input under a too deep or aliased selection is refused before it runs, and writes nothing', async () => {
    const field = schema.getMutationType()!.getFields().createProvider;
    const admin = { as: 'admin@h10.example' } as Call;
    await fc.assert(
      fc.asyncProperty(
        shape.filter((s) => s.depth > 13 || s.aliases > 15),
        fc.array(fc.constantFrom(...positionsOf(field.args)).chain(editsAt), { minLength: 0, maxLength: 2 }),
        async ({ depth, aliases, wraps }, edits) => {
          const fragments: string[] = [];
          const selection = `consortia { ${chain('ConsortiumMembership', depth - 2, wraps, fragments)} }`;
          const extra = Array.from({ length: aliases }, (_, i) => `a${i}: name`).join(' ');
          const query = `mutation($input: CreateProviderInput!) { createProvider(input: $input) { ${selection} ${extra} } } ${fragments.join(' ')}`;
          const { variables } = applyEdits(
            { input: { name: `Praktijk ${ctx.unique()}`, agbCode: String(46_000_000 + ctx.unique()) } },
            edits,
          );
          const before = await fingerprint(t.admin);
          const r = await send(query, variables, admin);
          const problems = refusedBeforeExecution(r);
          if (!r.body.errors?.length) problems.push('executed');
          const changed = changedTables(before, await fingerprint(t.admin));
          if (changed.length) problems.push(`wrote to ${changed.join(', ')}`);
          if (problems.length) throw new Error(`${problems.join('; ')}\n  query: ${query.slice(0, 300)}`);
        },
      ),
      { seed: SEED + 1, numRuns: 20, endOnFailure: true },
    );
  });

  it('bodies over 256 KiB are refused with 413, counted in bytes (multi-byte characters included); smaller ones are read', async () => {
    const admin = { as: 'admin@h10.example' } as Call;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 60_000, max: 300_000 }),
        fc.constantFrom('x', 'é', '€', '\u{1F600}', '\u0000'),
        async (units, char) => {
          const pad = char.repeat(Math.ceil(units / char.length));
          // the variable is not used: a body that is read is answered with that complaint
          const r = await send('query($pad: String) { __typename }', { pad }, admin);
          const over = r.bytes > MAX_BODY_BYTES;
          if (r.status >= 500) throw new Error(`HTTP ${r.status} for ${r.bytes} bytes`);
          if (over !== (r.status === 413)) throw new Error(`${r.bytes} bytes answered ${r.status}`);
          if (!over && !r.body.errors?.some((e) => /"\$pad" is never used/.test(e.message)))
            throw new Error(`${r.bytes} bytes not read: ${JSON.stringify(r.body).slice(0, 200)}`);
        },
      ),
      { seed: SEED + 2, numRuns: 20, endOnFailure: true },
    );
  });
});
