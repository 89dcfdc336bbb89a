/**
 * The plain words of a pandoc markdown source, to compare a typeset PDF with: the YAML
 * block, raw LaTeX, HTML tags, inline footnotes and markup go; the title block stays,
 * since the title page prints it.
 */

/** Removes `^[ ... ]` inline footnotes, whose text may hold brackets of its own. */
function dropInlineFootnotes(text: string): string {
	let out = '';
	let i = 0;
	while (i < text.length) {
		const start = text.indexOf('^[', i);
		if (start < 0) break;
		out += text.slice(i, start);
		let depth = 0;
		let j = start + 1;
		for (; j < text.length; j++) {
			if (text[j] === '[') depth++;
			else if (text[j] === ']' && --depth === 0) break;
		}
		i = j + 1;
	}
	return out + text.slice(i);
}

/** The text of a pandoc markdown document as a reader sees it printed, minus footnotes. */
export function stripPandocMarkdown(markdown: string): string {
	let text = markdown.replace(/\r\n?/gu, '\n');
	text = text.replace(/^---\n[\s\S]*?\n---\n/mu, '');
	text = text.replace(/```\{=latex\}[\s\S]*?```/gu, '');
	text = text.replace(/^% /gmu, '');
	text = dropInlineFootnotes(text);
	text = text.replace(/^\[\^[^\]]+\]:.*$/gmu, '').replace(/\[\^[^\]]+\]/gu, '');
	text = text.replace(/<[^>]+>/gu, ' ');
	// Spans such as [text]{.smallcaps}: the brackets are not words, the attributes go.
	text = text.replace(/\]\{[^}]*\}/gu, ' ');
	text = text.replace(/\^([^^\s]+)\^/gu, '$1');
	text = text.replace(/\\[a-zA-Z]+(\[[^\]]*\])?(\{[^}]*\})?/gu, ' ');
	text = text.replace(/^#+\s*/gmu, '').replace(/[*_]+/gu, '');
	return text;
}
