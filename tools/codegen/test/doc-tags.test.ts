/**
 * Schema docs reach TSDoc as written. Kernel specs refer to names as `@name` (kernel-doc); in a
 * doc comment that would be a tag, and TypeScript and TypeDoc would drop or move the text.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { docComment, sanitizeDoc } from '../src/emit/docs.js';

/** What TypeScript makes of the comment on `x`: its text and its tags. */
function parsed(doc: string): { text: string; tags: string[] } {
  const file = ts.createSourceFile('d.ts', `${docComment(doc)}export const x = 1;\n`, ts.ScriptTarget.ES2022, true);
  const stmt = file.statements[0]!;
  const [jsdoc] = ts.getJSDocCommentsAndTags(stmt) as ts.JSDoc[];
  return { text: ts.getTextOfJSDocComment(jsdoc?.comment) ?? '', tags: (jsdoc?.tags ?? []).map((t) => t.tagName.text) };
}

describe('schema docs as TSDoc', () => {
  it('quotes kernel-doc @names as code, so no tag is born', () => {
    const doc = 'Each @shaper is identified by a @handle,\ncomprising both a @scope and an @id.\n@cap-get operation.';
    expect(sanitizeDoc(doc)).toBe('Each `@shaper` is identified by a `@handle`,\ncomprising both a `@scope` and an `@id`.\n`@cap-get` operation.');
    const { text, tags } = parsed(doc);
    expect(tags).toEqual([]);
    expect(text).toContain('`@cap-get` operation.');
  });

  it('leaves e-mail addresses, code spans and a lone @ alone', () => {
    expect(sanitizeDoc('Mail chuck.lever@oracle.com or `x @y` @ 3')).toBe('Mail chuck.lever@oracle.com or `x @y` @ 3');
  });

  it('turns would-be block and inline tags into text', () => {
    const { text, tags } = parsed('Sets the rate.\n@deprecated use {@link other} instead @param-');
    expect(tags).toEqual([]);
    expect(text).toContain('`@deprecated` use {`@link` other} instead `@param`-');
  });

  it('still cannot end the comment', () => {
    expect(sanitizeDoc('a */ @b */')).toBe('a *\\/ `@b` *\\/');
  });
});
