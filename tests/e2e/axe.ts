/**
 * axe-core, injected into a page as its own script: the accessibility rules the e2e tests run
 * on every view and state. Only serious and critical violations fail a test; the others are
 * returned too, so a test can print them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

/** One rule broken on the page, with where. */
export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	targets: string[];
}

/** Runs axe-core on the page as it is now (WCAG 2.1 A and AA, and best practices). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
	// Evaluated through the DevTools protocol, not added as an inline <script>: the app's
	// Content-Security-Policy (rightly) refuses inline scripts it does not know the hash of.
	await page.evaluate(AXE_SOURCE);
	return page.evaluate(async () => {
		const axe = (
			window as unknown as {
				axe: {
					run: (
						ctx: unknown,
						opts: unknown
					) => Promise<{
						violations: {
							id: string;
							impact: string | null;
							help: string;
							nodes: { target: string[] }[];
						}[];
					}>;
				};
			}
		).axe;
		const result = await axe.run(document, {
			runOnly: {
				type: 'tag',
				values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']
			},
			resultTypes: ['violations']
		});
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			targets: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
		}));
	});
}

/** The violations a reader with a screen reader or a keyboard would be blocked by. */
export function serious(violations: readonly AxeViolation[]): AxeViolation[] {
	return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
