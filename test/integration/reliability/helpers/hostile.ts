import fc from 'fast-check';
import {
  getNamedType,
  isLeafType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';

/**
 * Hostile values for GraphQL inputs, by the type the schema expects: what a buggy client, a
 * fuzzer or an attacker sends. Everything here is something JSON can carry.
 */

export type PathPart = string | number;
export type Path = PathPart[];

/** One change to a valid set of variables. */
export type Edit =
  | { op: 'set'; path: Path; value: unknown; label: string }
  | { op: 'delete'; path: Path; label: string }
  /** A list with its first element twice (or `times` times). */
  | { op: 'repeat'; path: Path; times: number; label: string };

export const pathName = (path: Path) => path.join('.');

// --- strings ----------------------------------------------------------------------------------

const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\r',
  '\n',
  '\t',
];
const ODD_UNICODE = [
  '\u202e', // right-to-left override
  '\u200f', // right-to-left mark
  '\u061c', // Arabic letter mark
  '\u200d', // zero-width joiner
  '\u200c', // zero-width non-joiner
  '\u200b', // zero-width space
  '\u2060', // word joiner
  '\ufeff', // byte order mark
  '\ufffe',
  '\uffff',
  '\ufffd',
  '\u2028', // line separator
  '\u2029', // paragraph separator
  '\u00a0', // no-break space
  '\u3000', // ideographic space
  'e\u0301\u0301\u0301', // stacked combining marks
  '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}\u200d\u{1F466}', // a family emoji joined by ZWJ
  '\u{1F3F3}\u{FE0F}\u200d\u{1F308}',
  '\u{1D54F}', // astral plane letter
  '\u{10FFFF}', // the last code point
  'ﷺ', // one character, many glyphs
  'Ǆ',
  'İ', // lower-cases to two code points
  'ß',
  '\u0645\u0631\u062d\u0628\u0627', // Arabic
  '\u05e9\u05dc\u05d5\u05dd', // Hebrew
  '中文字符',
  '１２３', // full-width digits
  '\ud800', // a lone surrogate: JSON carries it escaped as \ud800
  '\udfff',
];
const INJECTION = [
  "'; DROP TABLE trajectory; --",
  "' OR '1'='1",
  "1' OR 1=1 --",
  "'); DELETE FROM access_log; --",
  '" OR ""="',
  '$1',
  '\\',
  "\\'",
  '%',
  '_',
  "E'\\x00'",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '${7*7}',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  '%00',
  '\u0000\u0000',
  'null',
  'undefined',
  'NaN',
  '0x41',
  '{"$gt": ""}',
];

/** Length boundaries of the validators (20, 200, 500, 2000, 5000, 10000, 20000) and past the body limit. */
const LENGTHS = [
  1, 2, 19, 20, 21, 99, 100, 101, 199, 200, 201, 254, 255, 256, 499, 500, 501, 1999, 2000, 2001, 4999, 5000, 5001, 9999,
  10000, 10001, 19999, 20000, 20001, 65536, 100_000, 300_000,
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_UNICODE) },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTION) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '  ', '\t \n', 'J.K.', 'a') },
);

/** A string of (about) `length` UTF-16 units made of `pattern` repeated. */
const ofLength = (pattern: string, length: number) =>
  pattern.length ? pattern.repeat(Math.ceil(length / pattern.length)).slice(0, length) : 'x'.repeat(length);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...LENGTHS),
        fc.constantFrom('x', 'é', '\u{1F600}', ' ', 'ab ', '\u202e\u200d', '<a>', "'"),
      )
      .map(([n, p]) => ofLength(p, n)),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '\u00a0', '\u200b', '\ufeff', '\u3000') },
  { weight: 1, arbitrary: fc.constantFrom(...INJECTION, ...ODD_UNICODE, ...CONTROL) },
);

// --- ids --------------------------------------------------------------------------------------

export const hostileId: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.uuid() }, // well-formed, but nothing has it
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '{6f1c0a4e-2d3b-4c5d-8e9f-0a1b2c3d4e5f}', // braces: PostgreSQL would take it
      '6f1c0a4e2d3b4c5d8e9f0a1b2c3d4e5f', // no dashes: PostgreSQL would take it
      '6f1c0a4e-2d3b-4c5d-8e9f-0a1b2c3d4e5', // one short
      '6f1c0a4e-2d3b-4c5d-8e9f-0a1b2c3d4e5fa',
      'g f1c0a4e-2d3b-4c5d-8e9f-0a1b2c3d4e5f',
      ' 6f1c0a4e-2d3b-4c5d-8e9f-0a1b2c3d4e5f',
      '6f1c0a4e-2d3b-4c5d-8e9f-0a1b2c3d4e5f\u0000',
      '6f1c0a4e-2d3b-4c5d-8e9f-0a1b2c3d4e5f\n',
      "6f1c0a4e-2d3b-4c5d-8e9f-0a1b2c3d4e5f' OR '1'='1",
      '1',
      '-1',
      '0',
      '',
      'null',
    ),
  },
  { weight: 1, arbitrary: fc.integer() }, // GraphQL turns an integer into an ID string
  { weight: 2, arbitrary: hostileString },
);

// --- numbers ----------------------------------------------------------------------------------

const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  2,
  10,
  11,
  100,
  101,
  2014,
  2015,
  2100,
  2101,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e13,
  1e13 + 1,
  1e15,
  1e21,
  1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  0.5,
  1.5,
  -0.5,
  0.1 + 0.2,
  1e-7,
  Number.MIN_VALUE,
  0.0001,
  0.0004,
  0.0005,
  0.9999,
  1.0000001,
];

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) },
  { weight: 1, arbitrary: fc.maxSafeInteger() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

const numberLikeStrings = fc.constantFrom(
  '1',
  '0',
  '-1',
  '1e3',
  '0x10',
  '1_000',
  ' 1',
  'Infinity',
  'NaN',
  '9007199254740993',
  '١',
);

// --- dates ------------------------------------------------------------------------------------

const MALFORMED_DATES = [
  '2024-02-30',
  '2023-02-29',
  '2100-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-04-31',
  '2024-01-00',
  '2024-01-32',
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '2200-01-01',
  '9999-12-31',
  '99999-01-01',
  '-2024-01-01',
  '+002024-01-01',
  '2024-1-1',
  '24-01-01',
  '20240101',
  '2024/01/01',
  '01-02-2024',
  '2024-01-01T00:00:00Z',
  '2024-01-01 00:00',
  '2024-01-01 ',
  ' 2024-01-01',
  '2024-01-01\u0000',
  '2024-01-01\n',
  '２０２４-01-01',
  '2024-W01-1',
  '2024-001',
  'today',
  'now',
  'infinity',
  '-infinity',
  'epoch',
  'allballs',
  '',
  'null',
  "2024-01-01'; --",
];
/** Real dates at the edges of what the Date scalar takes. */
const EXTREME_DATES = ['1900-01-01', '1970-01-01', '2000-02-29', '2024-02-29', '2199-12-31'];

export const hostileDate: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...MALFORMED_DATES) },
  { weight: 1, arbitrary: fc.constantFrom(...EXTREME_DATES) },
  { weight: 1, arbitrary: fc.constantFrom(20240101, 1704067200000, -1, 0) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: hostileString },
);

// --- other types ------------------------------------------------------------------------------

/**
 * A value nested deeper than JSON.stringify (and fast-check's printer) can recurse: kept as its
 * JSON text, which `toJsonBody` splices into the request body.
 */
export class DeepValue {
  constructor(
    readonly json: string,
    readonly description: string,
  ) {}

  [fc.toStringMethod](): string {
    return this.description;
  }
}

/** An object `depth` levels deep, or a list in lists. */
export const deeplyNested = (depth: number, kind: 'object' | 'list'): DeepValue =>
  kind === 'object'
    ? new DeepValue(`${'{"a":'.repeat(depth)}{"x":1}${'}'.repeat(depth)}`, `<object ${depth} levels deep>`)
    : new DeepValue(`${'['.repeat(depth)}1${']'.repeat(depth)}`, `<list ${depth} levels deep>`);

/** JSON.stringify, with each DeepValue written as its JSON text. */
export function toJsonBody(value: unknown): string {
  const deep: string[] = [];
  const text = JSON.stringify(value, (_key, v) =>
    v instanceof DeepValue ? `\u0000deep:${deep.push(v.json) - 1}\u0000` : v,
  );
  return text.replace(/"\\u0000deep:(\d+)\\u0000"/g, (_m, i: string) => deep[Number(i)]);
}

const wrongShape: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    true,
    false,
    0,
    1.5,
    -1,
    'x',
    '',
    [],
    {},
    [null],
    [[[]]],
    { '': '' },
    JSON.parse('{"__proto__": {"isAdmin": true}}'),
    [1, 'a', null, {}],
  ),
  fc
    .constantFrom(5, 50, 500, 5000)
    .chain((depth) => fc.constantFrom(deeplyNested(depth, 'object'), deeplyNested(depth, 'list'))),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
);

/** Keys an input object does not have; none contains a quote (they are echoed in messages). */
const UNKNOWN_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'id2',
  'isAdmin',
  'role',
  'version',
  '$where',
  'a b',
  '',
  '\u202e',
  'ÿ',
];

function scalarValue(type: GraphQLScalarType): fc.Arbitrary<unknown> {
  switch (type.name) {
    case 'String':
      return fc.oneof(
        { weight: 6, arbitrary: hostileString },
        { weight: 1, arbitrary: hostileNumber },
        { weight: 1, arbitrary: wrongShape },
      );
    case 'ID':
      return fc.oneof({ weight: 6, arbitrary: hostileId }, { weight: 1, arbitrary: wrongShape });
    case 'Int':
    case 'Float':
      return fc.oneof(
        { weight: 6, arbitrary: hostileNumber },
        { weight: 1, arbitrary: numberLikeStrings },
        { weight: 1, arbitrary: wrongShape },
      );
    case 'Boolean':
      return fc.constantFrom<unknown>('true', 'false', 1, 0, '', [], {}, [true], 'yes');
    case 'Date':
      return fc.oneof({ weight: 6, arbitrary: hostileDate }, { weight: 1, arbitrary: wrongShape });
    default:
      return fc.oneof(hostileString, hostileNumber, wrongShape);
  }
}

function enumValue(type: GraphQLEnumType): fc.Arbitrary<unknown> {
  const names = type.getValues().map((v) => v.name);
  return fc.oneof(
    fc.constantFrom(
      ...names.map((n) => n.toLowerCase()),
      ...names.map((n) => ` ${n}`),
      ...names.map((n) => `${n}\u0000`),
      ...names.map((n) => `${n}\u200b`),
    ),
    fc.constantFrom<unknown>('UNKNOWN', '', '__proto__', 'constructor', 'toString', 0, 1, true, [names[0]], {
      value: names[0],
    }),
    hostileString,
  );
}

/** A position in the arguments where a value can go, and the type the schema expects there. */
export interface Position {
  path: Path;
  type: GraphQLInputType;
}

/** Every position in a field's arguments: each argument, each input field, and the first element of each list. */
export function positionsOf(args: readonly GraphQLArgument[]): Position[] {
  const out: Position[] = [];
  const walk = (path: Path, type: GraphQLInputType, depth: number) => {
    out.push({ path, type });
    if (depth > 6) return;
    const inner = type instanceof GraphQLNonNull ? type.ofType : type;
    if (inner instanceof GraphQLList) walk([...path, 0], inner.ofType, depth + 1);
    else if (inner instanceof GraphQLInputObjectType) {
      for (const field of Object.values(inner.getFields())) walk([...path, field.name], field.type, depth + 1);
    }
  };
  for (const arg of args) walk([arg.name], arg.type, 0);
  return out;
}

/** Hostile edits of the value at one position. */
export function editsAt(position: Position): fc.Arbitrary<Edit> {
  const { path, type } = position;
  const required = type instanceof GraphQLNonNull;
  const inner = required ? (type as GraphQLNonNull<GraphQLInputType>).ofType : type;
  const set =
    (label: string) =>
    (value: unknown): Edit => ({ op: 'set', path, value, label });
  const options: fc.Arbitrary<Edit>[] = [
    fc.constant<Edit>({ op: 'set', path, value: null, label: 'null' }),
    fc.constant<Edit>({ op: 'delete', path, label: 'left out' }),
    wrongShape.map(set('wrong shape')),
  ];
  if (inner instanceof GraphQLList) {
    options.push(
      fc.constant<Edit>({ op: 'set', path, value: [], label: 'empty list' }),
      fc.constantFrom(2, 3).map<Edit>((times) => ({ op: 'repeat', path, times, label: 'duplicate element' })),
      fc.constantFrom(31, 101, 1000).map<Edit>((times) => ({ op: 'repeat', path, times, label: 'many elements' })),
      fc.constantFrom(2, 10, 100).map((depth) => set('list in lists')(deeplyNested(depth, 'list'))),
    );
    const element = getNamedType(inner);
    if (element instanceof GraphQLScalarType)
      options.push(fc.array(scalarValue(element), { minLength: 1, maxLength: 4 }).map(set('hostile elements')));
  } else if (inner instanceof GraphQLInputObjectType) {
    options.push(
      fc
        .tuple(fc.constantFrom(...UNKNOWN_KEYS), fc.oneof(wrongShape, hostileString))
        .map<Edit>(([key, value]) => ({ op: 'set', path: [...path, key], value, label: 'unknown field' })),
      fc.constantFrom(10, 1000).map(
        (depth) =>
          ({
            op: 'set',
            path: [...path, 'nested'],
            value: deeplyNested(depth, 'object'),
            label: 'deeply nested unknown field',
          }) as Edit,
      ),
    );
  } else if (inner instanceof GraphQLEnumType) {
    options.push(enumValue(inner).map(set('hostile enum')), enumValue(inner).map(set('hostile enum')));
  } else if (inner instanceof GraphQLScalarType) {
    // mostly hostile values of the right type: these are what reach the validators
    options.push(...Array.from({ length: 6 }, () => scalarValue(inner).map(set(`hostile ${inner.name}`))));
  }
  return fc.oneof(...options);
}

/** One to three hostile edits anywhere in a field's arguments. */
export function hostileEdits(args: readonly GraphQLArgument[]): fc.Arbitrary<Edit[]> {
  const positions = positionsOf(args);
  return fc.array(fc.constantFrom(...positions).chain(editsAt), { minLength: 1, maxLength: 3 });
}

/**
 * Applies edits to (a copy of) valid variables. An edit below a value the variables do not
 * have (an element of a list that was left out) does nothing; it reports which edits applied.
 */
export function applyEdits(
  variables: Record<string, unknown>,
  edits: Edit[],
): { variables: Record<string, unknown>; applied: Edit[] } {
  const copy = JSON.parse(JSON.stringify(variables)) as Record<string, unknown>;
  const applied: Edit[] = [];
  for (const edit of edits) {
    let parent: any = copy;
    let ok = true;
    for (const part of edit.path.slice(0, -1)) {
      const next = parent?.[part];
      if (next === null || typeof next !== 'object') {
        ok = false;
        break;
      }
      parent = next;
    }
    const key = edit.path.at(-1)!;
    if (!ok || parent === null || typeof parent !== 'object') continue;
    if (edit.op === 'delete') {
      if (!(key in parent)) continue;
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (edit.op === 'repeat') {
      const list = parent[key];
      if (!Array.isArray(list) || list.length === 0) continue;
      parent[key] = [...list, ...Array.from({ length: edit.times - 1 }, () => JSON.parse(JSON.stringify(list[0])))];
    } else if (key === '__proto__' && !Array.isArray(parent)) {
      Object.defineProperty(parent, key, { value: edit.value, enumerable: true, writable: true, configurable: true });
    } else {
      parent[key] = edit.value;
    }
    applied.push(edit);
  }
  return { variables: copy, applied };
}

/** Whether a field named in an error is the edited field, inside it, or (below the variable) around it. */
export function isAbout(field: string, edit: Edit): boolean {
  const edited = pathName(edit.path);
  if (field === edited || field.startsWith(`${edited}.`)) return true;
  return field.includes('.') && edited.startsWith(`${field}.`);
}

/** `mutation($input: X!) { name(input: $input) { __typename } }`: the arguments, and nothing to resolve. */
export function documentFor(
  field: GraphQLField<unknown, unknown>,
  operation: 'mutation' | 'query' = 'mutation',
): string {
  const variables = field.args.map((a) => `$${a.name}: ${a.type}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${operation}${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}
