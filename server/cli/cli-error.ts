/** A failure the command line reports as one line on stderr, with its exit status. */
export class CliError extends Error {
	constructor(
		message: string,
		readonly exitCode = 1
	) {
		super(message);
		this.name = 'CliError';
	}
}

/** Wrong arguments: the usage text follows the message, and the exit status is 2. */
export class UsageError extends CliError {
	constructor(message: string) {
		super(message, 2);
		this.name = 'UsageError';
	}
}
