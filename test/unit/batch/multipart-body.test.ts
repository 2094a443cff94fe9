import { describe, expect, it } from 'vitest';
import { parseMediaType } from '../../../src/batch/media-type.js';
import { boundaryOf, splitMultipart } from '../../../src/batch/multipart-body.js';
import { rejectionOf } from '../../support/odata-rejection.js';

const crlf = (...lines: string[]): Buffer => Buffer.from(lines.join('\r\n'));
const lf = (...lines: string[]): Buffer => Buffer.from(lines.join('\n'));

function contents(body: Buffer, boundary = 'b'): string[] {
  return splitMultipart(body, boundary, 'Batch').map((part) => part.content.toString());
}

describe('parseMediaType', () => {
  it.each([
    ['multipart/mixed;boundary=batch_1', 'multipart/mixed', 'batch_1'],
    ['Multipart/Mixed; Boundary="batch_80dd1615-2a10"', 'multipart/mixed', 'batch_80dd1615-2a10'],
    ['multipart/mixed; charset=utf-8; boundary="a;b"', 'multipart/mixed', 'a;b'],
    ['multipart/mixed; boundary="q\\"uote"', 'multipart/mixed', 'q"uote'],
  ])('%s', (text, type, boundary) => {
    const media = parseMediaType(text);
    expect(media?.type).toBe(type);
    expect(media?.params.get('boundary')).toBe(boundary);
  });

  it.each([undefined, '', 'multipart', 'a/b/c', 'text/ plain x'])('rejects %s', (text) => {
    expect(parseMediaType(text)).toBeNull();
  });
});

describe('boundaryOf', () => {
  it('takes a boundary of up to 70 characters', () => {
    expect(boundaryOf(parseMediaType(`multipart/mixed; boundary=${'x'.repeat(70)}`)!, 'Batch')).toHaveLength(70);
  });

  it.each([
    ['multipart/mixed', 'no boundary'],
    [`multipart/mixed; boundary=${'x'.repeat(71)}`, 'not a valid multipart boundary'],
    ['multipart/mixed; boundary="ends in space "', 'not a valid multipart boundary'],
    ['multipart/mixed; boundary=""', 'not a valid multipart boundary'],
  ])('400 for %s', (text, message) => {
    const error = rejectionOf(() => boundaryOf(parseMediaType(text)!, 'Batch'));
    expect(error.status).toBe(400);
    expect(error.code).toBe('OF514');
    expect(error.message).toContain(message);
  });
});

describe('splitMultipart', () => {
  it('splits CRLF parts, the line break before a delimiter belonging to it', () => {
    const body = crlf('--b', 'H: 1', '', 'first', '--b', '', 'second', 'line', '', '--b--', '');
    expect(contents(body)).toEqual(['first', 'second\r\nline\r\n']);
  });

  it('reads bare LF line ends as clients send them', () => {
    expect(contents(lf('--b', 'H: 1', '', 'first', '--b', '', 'second', '--b--'))).toEqual(['first', 'second']);
  });

  it('reads mixed line ends', () => {
    expect(contents(Buffer.from('--b\r\n\nA\n--b\r\n\r\nB\r\n--b--'))).toEqual(['A', 'B']);
  });

  it('ignores the preamble and the epilogue', () => {
    const body = crlf('This is a preamble.', '--b is not a delimiter inside it', '--b', '', 'only', '--b--', 'epilogue', '--b', '', 'ignored');
    expect(contents(body)).toEqual(['only']);
  });

  it('takes part headers by lower-case name, joining repeats and continuation lines', () => {
    const [part] = splitMultipart(crlf('--b', 'Content-Type: application/http', 'X-A: 1', 'x-a: 2', 'X-Long: one', '  two', '', 'body', '--b--'), 'b', 'Batch');
    expect(part?.headers).toEqual({ 'content-type': 'application/http', 'x-a': '1, 2', 'x-long': 'one two' });
    expect(part?.content.toString()).toBe('body');
  });

  it('accepts transport padding after a delimiter and text that only starts like one', () => {
    const body = crlf('--b  ', '', 'one', '--bx is content', '--b\t', '', 'two', '--b-- ', '');
    expect(contents(body)).toEqual(['one\r\n--bx is content', 'two']);
  });

  it('keeps binary content byte for byte', () => {
    const bytes = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]);
    const body = Buffer.concat([Buffer.from('--b\r\n\r\n'), bytes, Buffer.from('\r\n--b--')]);
    expect([...(splitMultipart(body, 'b', 'Batch')[0]?.content ?? [])]).toEqual([...bytes]);
  });

  it('reads an empty multipart body and empty parts', () => {
    expect(contents(Buffer.from('--b--'))).toEqual([]);
    expect(contents(crlf('--b', '', '--b', '--b--'))).toEqual(['', '']);
  });

  it.each([
    ['no delimiter', Buffer.from('just text'), 'no delimiter line --b was found'],
    ['no close delimiter', crlf('--b', '', 'part'), 'the close delimiter --b-- is missing'],
    ['a header line without a colon', crlf('--b', 'not a header', '', 'x', '--b--'), 'Batch part 1: "not a header" is not a header line'],
  ])('400 for %s', (_name, body, message) => {
    const error = rejectionOf(() => splitMultipart(body, 'b', 'Batch'));
    expect(error.status).toBe(400);
    expect(error.code).toBe('OF514');
    expect(error.message).toContain(message);
  });
});
