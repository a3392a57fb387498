import { KleImportError } from '../kle-catalogue.error';
import { parseDelimitedText } from './delimited-text.parser';

describe('parseDelimitedText', () => {
  it.each<[string, string, Array<[number, string[]]>]>([
    [
      'plain rows',
      'a;b\nc;d\n',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    [
      'CRLF and no final newline',
      'a;b\r\nc;d',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    ['a byte-order mark', '\uFEFFa;b', [[1, ['a', 'b']]]],
    ['empty fields', ';;x', [[1, ['', '', 'x']]]],
    [
      'blank lines',
      'a\n\n\nb',
      [
        [1, ['a']],
        [4, ['b']],
      ],
    ],
    ['a quoted delimiter', '"a;b";c', [[1, ['a;b', 'c']]]],
    ['doubled quotes', '"say ""hi""";c', [[1, ['say "hi"', 'c']]]],
    [
      'a quoted field over several lines',
      '1;"x\n\n\n";y\n2;z',
      [
        [1, ['1', 'x\n\n\n', 'y']],
        [5, ['2', 'z']],
      ],
    ],
    ['a quote inside an unquoted field', 'a"b;c', [[1, ['a"b', 'c']]]],
  ])('reads %s', (_case, text, expected) => {
    expect(parseDelimitedText(text, ';').map((record) => [record.line, record.fields])).toEqual(expected);
  });

  it('refuses an unterminated quoted field', () => {
    expect(() => parseDelimitedText('a;"b\nc', ';')).toThrow(
      new KleImportError('Unterminated quoted field starting on line 1'),
    );
  });
});
