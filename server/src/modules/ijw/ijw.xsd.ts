import { readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParseOption, XmlDocument, xmlRegisterInputProvider, XsdValidator } from 'libxml2-wasm';
import { fsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import { findProjectRoot } from '../../config.js';
import type { IjwMessageType } from './ijw.codes.js';

/** Where a schema problem is: line and column only, never the value (which may be a BSN). */
export interface SchemaProblem {
  line: number;
  column: number;
}

export interface SchemaCheck {
  /** Well-formed XML at all. */
  wellFormed: boolean;
  problems: SchemaProblem[];
}

/** The official iJw 3.2 schemas, shipped with Samenspel (a copy of ../shared/ijw/xsd). */
export const XSD_DIR = join(findProjectRoot(), 'server', 'src', 'modules', 'ijw', 'xsd');

const registered = new Set<string>();
/** libxml2 may read schema files from `dir` only (the `basisschema.xsd` import), nothing else on disk. */
function allowSchemaFolder(dir: string): void {
  if (registered.has(dir)) return;
  const inside = (name: string) => {
    const path = resolve(name.startsWith('file:') ? fileURLToPath(name) : name);
    return path.startsWith(dir + sep) && path.endsWith('.xsd');
  };
  xmlRegisterInputProvider({ ...fsInputProviders, match: (name) => inside(name) && fsInputProviders.match(name) });
  registered.add(dir);
}

/**
 * XSD validation with libxml2 (compiled to WebAssembly: no system library). One compiled validator
 * per message type, made on first use and kept. Instance documents are parsed without entity
 * substitution or DTD loading, so a message cannot make libxml2 read anything.
 */
export class IjwSchemas {
  private readonly validators = new Map<IjwMessageType, XsdValidator>();
  private readonly dir: string;

  constructor(dir = XSD_DIR) {
    this.dir = resolve(dir);
    allowSchemaFolder(this.dir);
  }

  private validator(type: IjwMessageType): XsdValidator {
    let validator = this.validators.get(type);
    if (!validator) {
      const file = join(this.dir, `${type}.xsd`);
      const schema = XmlDocument.fromBuffer(readFileSync(file), { url: file });
      try {
        validator = XsdValidator.fromDoc(schema);
      } finally {
        schema.dispose();
      }
      this.validators.set(type, validator);
    }
    return validator;
  }

  /** Checks `xml` against the schema of `type`. */
  check(type: IjwMessageType, xml: string): SchemaCheck {
    let doc: XmlDocument;
    try {
      doc = XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_NONET });
    } catch (error) {
      return { wellFormed: false, problems: locations(error) };
    }
    try {
      this.validator(type).validate(doc);
      return { wellFormed: true, problems: [] };
    } catch (error) {
      return { wellFormed: true, problems: locations(error) };
    } finally {
      doc.dispose();
    }
  }

  /** An outgoing message that does not validate is a bug: fail loudly (the caller stores nothing). */
  assertValid(type: IjwMessageType, xml: string): void {
    const { problems } = this.check(type, xml);
    if (problems.length)
      throw new Error(
        `Samenspel built a ${type} that does not validate against ${type}.xsd (at ${problems
          .slice(0, 5)
          .map((p) => `line ${p.line}:${p.column}`)
          .join(', ')})`,
      );
  }
}

function locations(error: unknown): SchemaProblem[] {
  const details = (error as { details?: { line?: number; col?: number }[] }).details ?? [];
  const found = details.map((d) => ({ line: d.line ?? 0, column: d.col ?? 0 }));
  return found.length ? found : [{ line: 0, column: 0 }];
}

/**
 * What libxml2 makes of XML that is not well-formed, in its recovery mode, serialised again: enough
 * to read who sent it, so that it can be answered with 0001.
 */
export function recoverXml(xml: string): string | null {
  try {
    const doc = XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_RECOVER | ParseOption.XML_PARSE_NONET });
    try {
      return doc.toString();
    } finally {
      doc.dispose();
    }
  } catch {
    return null;
  }
}

/** Every application's validators (compiling a schema takes tens of milliseconds, so once). */
export const ijwSchemas = new IjwSchemas();
