import type { Generated } from 'kysely';

/** A finished chunk result, kept so that a repeated call gets it without a new Gemini request. */
export interface ChunkResultTable {
	idempotency_key: string;
	client_job_id: string;
	chunk_index: number;
	result_json: string;
	created_at: number;
}

export interface MetaTable {
	key: string;
	value: string;
	updated_at: Generated<number>;
}

/** The relay's tables, as Kysely sees them. */
export interface Database {
	chunk_results: ChunkResultTable;
	meta: MetaTable;
}
