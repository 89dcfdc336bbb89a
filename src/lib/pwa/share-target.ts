import type { NovelDb } from '../db/db.ts';
import { storeShares } from './share-inbox.ts';

/** The share page's path, which is also the manifest's share_target action and file_handlers action. */
export const SHARE_PATH = '/share';

/**
 * Answers the OS's multipart share-target POST in the service worker: stores the files and
 * redirects with 303, so the share page loads with GET and a reload never posts again.
 */
export async function answerSharePost(request: Request, db: NovelDb): Promise<Response> {
	let files: File[] = [];
	try {
		const form = await request.formData();
		// Any file field: the manifest names it `pdf`, but senders are not all careful.
		files = [...form.values()].filter((v): v is File => typeof v !== 'string' && v.size > 0);
	} catch {
		// A body that is not multipart leaves nothing to store; the page offers the picker.
	}
	const ids = await storeShares(db, files);
	const target = ids.length ? `${SHARE_PATH}?id=${ids[0]}` : SHARE_PATH;
	return Response.redirect(new URL(target, request.url).href, 303);
}
