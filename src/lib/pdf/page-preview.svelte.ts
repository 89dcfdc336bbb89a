/**
 * The page preview's state: which page is asked for, the image drawn for it, or why it could
 * not be drawn. Renders run one at a time and the latest page asked for wins: paging quickly
 * skips the pages passed over instead of terminating the worker for each (only closing
 * aborts, see pdf-bridge.ts).
 */
import type { PdfFailureCode, RenderPageOptions, RenderResult } from './pdf-core.ts';

/** Why the preview shows no page: a PDF failure, or the book's PDF is gone. */
export type PreviewProblem = PdfFailureCode | 'missing' | 'failed';

/** Side effects, passed in so that the state runs in unit tests without a worker. */
export interface PreviewDeps {
	/** The stored PDF of the book, or undefined when it is no longer stored. */
	loadFile(fileHash: string): Promise<Blob | undefined>;
	/** Draws one page (pdf-bridge.ts's renderPdfPage). */
	render(
		source: Blob,
		page: number,
		options: RenderPageOptions & { signal: AbortSignal }
	): Promise<RenderResult>;
	/** An object URL for the image, and its release. */
	toUrl(image: Blob): string;
	revokeUrl(url: string): void;
}

/** A drawn page, as the view shows it. */
export interface PreviewImage {
	url: string;
	page: number;
	/** Pixel size of the image. */
	width: number;
	height: number;
}

/** One open preview dialog. */
export class PagePreviewState {
	readonly #deps: PreviewDeps;
	readonly #fileHash: string;
	readonly #abort = new AbortController();
	#file: Promise<Blob | undefined> | undefined;
	#running = false;

	#page = $state(1);
	#pageCount = $state<number | undefined>();
	#image = $state.raw<PreviewImage | undefined>();
	#problem = $state<PreviewProblem | undefined>();
	#loading = $state(false);
	/** The password the reader typed, for an encrypted PDF. */
	#password: string | undefined;
	/** Width to draw at, in device pixels. */
	#width: number;

	constructor(deps: PreviewDeps, fileHash: string, page: number, width: number) {
		this.#deps = deps;
		this.#fileHash = fileHash;
		this.#page = page;
		this.#width = width;
	}

	/** The page asked for (the image may still show the previous one while it draws). */
	get page(): number {
		return this.#page;
	}
	/** The PDF's page count, once a page has been drawn. */
	get pageCount(): number | undefined {
		return this.#pageCount;
	}
	get image(): PreviewImage | undefined {
		return this.#image;
	}
	get problem(): PreviewProblem | undefined {
		return this.#problem;
	}
	get loading(): boolean {
		return this.#loading;
	}
	get hasPrevious(): boolean {
		return this.#page > 1;
	}
	get hasNext(): boolean {
		return this.#pageCount === undefined || this.#page < this.#pageCount;
	}

	/** Shows page `page` (clamped to the document once its length is known). */
	show(page: number): void {
		const last = this.#pageCount ?? Infinity;
		const wanted = Math.min(Math.max(1, Math.trunc(page)), last);
		if (wanted === this.#page && (this.#image?.page === wanted || this.#running)) return;
		this.#page = wanted;
		void this.#draw();
	}

	previous(): void {
		if (this.hasPrevious) this.show(this.#page - 1);
	}

	next(): void {
		if (this.hasNext) this.show(this.#page + 1);
	}

	/** Tries again with a password (after 'password_required' or 'wrong_password'). */
	unlock(password: string): void {
		this.#password = password;
		this.retry();
	}

	/** Draws the current page again, after a failure. */
	retry(): void {
		if (this.#problem === 'missing') this.#file = undefined;
		void this.#draw();
	}

	/** Starts drawing the first page. */
	start(): void {
		void this.#draw();
	}

	/** Stops a render in flight and frees the image. */
	dispose(): void {
		this.#abort.abort();
		if (this.#image) this.#deps.revokeUrl(this.#image.url);
		this.#image = undefined;
	}

	async #draw(): Promise<void> {
		if (this.#running || this.#abort.signal.aborted) return;
		this.#running = true;
		this.#loading = true;
		this.#problem = undefined;
		try {
			let page: number;
			let result: RenderResult | 'missing';
			do {
				page = this.#page;
				result = await this.#renderOnce(page);
			} while (page !== this.#page && !this.#abort.signal.aborted);
			if (this.#abort.signal.aborted) return;
			this.#apply(result);
		} catch (error) {
			if (this.#abort.signal.aborted) return;
			// A page outside the PDF, or the worker failing: nothing the reader can fix but retry.
			console.error('Page preview failed', error);
			this.#problem = 'failed';
		} finally {
			this.#running = false;
			this.#loading = false;
		}
	}

	async #renderOnce(page: number): Promise<RenderResult | 'missing'> {
		this.#file ??= this.#deps.loadFile(this.#fileHash);
		const file = await this.#file;
		if (!file) return 'missing';
		return this.#deps.render(file, page, {
			width: this.#width,
			password: this.#password,
			signal: this.#abort.signal
		});
	}

	#apply(result: RenderResult | 'missing'): void {
		if (result === 'missing' || !result.ok) {
			this.#problem = result === 'missing' ? 'missing' : result.code;
			return;
		}
		const old = this.#image;
		this.#image = {
			url: this.#deps.toUrl(result.image),
			page: result.page,
			width: result.width,
			height: result.height
		};
		if (old) this.#deps.revokeUrl(old.url);
		this.#pageCount = result.pageCount;
		this.#problem = undefined;
	}
}
