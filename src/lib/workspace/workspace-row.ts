import type { ResultRow } from '../shared/pipeline/merge.ts';
import { searchKey } from './row-search.ts';

/** A result row as the workspace holds it: with its search text folded once. */
export interface WorkspaceRow extends ResultRow {
	/** Source and outputs, folded by row-search.ts. */
	key: string;
}

/** Indexes a row for search; call again whenever its output changes. */
export function toWorkspaceRow(row: ResultRow): WorkspaceRow {
	return { ...row, key: searchKey(row.source, row.output) };
}

/** The stored fields of a result that a row shows. */
export interface ResultFields {
	sentences: string[];
	source: ResultRow['outputSource'];
	edited?: boolean;
	original?: string[];
}

/** A row with a new or changed result: a finished chunk, an edit or a revert. */
export function withResult(row: ResultRow, result: ResultFields): WorkspaceRow {
	const { key: _key, original: _original, ...rest } = row as WorkspaceRow;
	return toWorkspaceRow({
		...rest,
		output: result.sentences,
		outputSource: result.source,
		edited: result.edited ?? false,
		...(result.original ? { original: result.original } : {})
	});
}
