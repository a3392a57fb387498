import { type Page, type PagingRange, parsePaging } from './paging';
import { requestProblem } from './problem-details';

/** The page a list request asks for; a bad `after`/`limit` throws 400 QUERY-PAGING-INVALID naming each. */
export function pageOfQuery(query: { after?: unknown; limit?: unknown }, range: PagingRange): Page {
  const result = parsePaging(query, range);
  if (!result.ok) throw requestProblem('QUERY-PAGING-INVALID', { violations: result.violations });
  return result.page;
}
