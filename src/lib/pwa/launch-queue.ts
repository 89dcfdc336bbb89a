/** What Chromium passes when the installed app is launched to open files ("Open with"). */
interface LaunchParams {
	readonly files: readonly FileSystemFileHandle[];
}

interface LaunchQueue {
	setConsumer(consumer: (params: LaunchParams) => void): void;
}

/**
 * Hands the files of a file-handler launch to `onfiles`. Chromium queues the launch until a
 * consumer is set, so setting it once the layout mounts loses nothing.
 */
export function consumeLaunchQueue(onfiles: (files: File[]) => void | Promise<void>): void {
	const queue = (window as Window & { launchQueue?: LaunchQueue }).launchQueue;
	queue?.setConsumer(async ({ files }) => {
		if (!files.length) return;
		await onfiles(await Promise.all(files.map((handle) => handle.getFile())));
	});
}
