import { describe, it, expect } from 'vitest';
import { segmentPages, segmentSentences } from '../../src/lib/shared/text/segment.ts';

/** Whether every « in `text` is closed by a » after it, and every » closes a «. */
function balanced(text: string): boolean {
	let depth = 0;
	for (const ch of text) {
		if (ch === '«') depth++;
		if (ch === '»' && --depth < 0) return false;
	}
	return depth === 0;
}

describe('segmentSentences: the cases ICU gets wrong on its own (ARCHITECTURE.md §2.4)', () => {
	it('keeps "M. le duc" whole, as ICU already does', () => {
		expect(
			segmentSentences(
				"Dès qu'il fut mort, M. le duc d'Orléans retourna à Meudon apprendre au roi cette nouvelle. Cette déclaration fut vérifiée au parlement."
			)
		).toEqual([
			"Dès qu'il fut mort, M. le duc d'Orléans retourna à Meudon apprendre au roi cette nouvelle.",
			'Cette déclaration fut vérifiée au parlement.'
		]);
	});

	it('does not break after "P." in "Le P. Daubenton"', () => {
		expect(
			segmentSentences(
				"Le P. Daubenton, confesseur du roi d'Espagne, au noviciat des jésuites de Madrid, où il fut enterré en grande pompe, et fort peu regretté. Il mourut le 7 août, à soixante-seize ans."
			)
		).toEqual([
			"Le P. Daubenton, confesseur du roi d'Espagne, au noviciat des jésuites de Madrid, où il fut enterré en grande pompe, et fort peu regretté.",
			'Il mourut le 7 août, à soixante-seize ans.'
		]);
	});

	it('does not break after "t." in "du t. II" nor after "voy." or "p."', () => {
		expect(
			segmentSentences(
				"Le conseil des parties n'était qu'une section du conseil d'État (voy. t. II, p. 445). On pourrait le comparer plus exactement au conseil des ministres."
			)
		).toEqual([
			"Le conseil des parties n'était qu'une section du conseil d'État (voy. t. II, p. 445).",
			'On pourrait le comparer plus exactement au conseil des ministres.'
		]);
		expect(segmentSentences('Voyez le récit du t. II de ces Mémoires.')).toEqual([
			'Voyez le récit du t. II de ces Mémoires.'
		]);
	});

	it('keeps « Venez-vous ? » dit-il. as one sentence', () => {
		expect(segmentSentences('« Venez-vous ? » dit-il. Elle ne répondit pas.')).toEqual([
			'« Venez-vous ? » dit-il.',
			'Elle ne répondit pas.'
		]);
	});
});

describe('segmentSentences: abbreviations', () => {
	it.each([
		['M.', 'M. Homais, quant à lui, avait en prédilection tous ceux qui pensaient.'],
		['MM.', 'Race porcine, prix ex aequo : à MM. Lehérissé et Cullembourg.'],
		['MM. + de', 'Il avait autant de part que MM. de Gesvres à le faire premier président.'],
		['Mme', 'Mme Bovary ne répondit rien.'],
		['Mme.', 'Mme. Bovary ne répondit rien.'],
		['Mlle', 'Mlle Rouault ouvrit la fenêtre.'],
		['Mgr', 'Mgr. de Fréjus entra chez le roi.'],
		['St.', 'Il alla prier à St. Roch le lendemain.'],
		['Ste', 'Elle alla prier à la chapelle Ste. Anne.'],
		['S.', 'Il reçut le collier du S. Esprit et la croix de S. Louis.'],
		['P.', 'Il prêchait de mot à mot les sermons du P. Bourdaloue traduits en espagnol.'],
		['cf.', 'Sur ce point, cf. Voltaire, qui en parle longuement.'],
		['cf. + number', "On en a parlé ailleurs, cf. 1723, l'année de sa mort."],
		['chap.', "Le récit s'en trouve au chap. 3 du second volume."],
		['vol.', "Il s'en trouve un autre au vol. II de l'édition."],
		['p.', 'La lettre est citée p. 445 de ce volume.'],
		['etc. + lowercase', 'Les pommes, les poires, etc. furent vendues au marché.'],
		['N.-D.', 'Il entendit la messe à N.-D. de Paris avec toute la cour.'],
		['J.-J.', 'J.-J. Rousseau avait lu ce livre dans sa jeunesse.'],
		['L. XIV', 'Le règne de L. XIV fut le plus long de tous.']
	])('does not end a sentence at "%s"', (_name, sentence) => {
		expect(segmentSentences(sentence)).toEqual([sentence]);
	});

	it('ends a sentence at "etc." when a capital follows, as in Flaubert', () => {
		expect(
			segmentSentences(
				"Il avait buanderie, cuisine avec office, salon de famille, fruitier, etc. C'était un gaillard qui n'y regardait pas!"
			)
		).toEqual([
			'Il avait buanderie, cuisine avec office, salon de famille, fruitier, etc.',
			"C'était un gaillard qui n'y regardait pas!"
		]);
	});

	it('ends a sentence at a king\'s number such as "Philippe V."', () => {
		expect(segmentSentences("Il écrivit au roi Philippe V. Le roi d'Espagne répondit.")).toEqual([
			'Il écrivit au roi Philippe V.',
			"Le roi d'Espagne répondit."
		]);
	});

	it('ends a sentence before an abbreviation that starts the next one', () => {
		expect(
			segmentSentences(
				"Nocé, qui avait été rapproché dans son exil, fut rappelé. M. le duc d'Orléans l'en dédommagea."
			)
		).toEqual([
			'Nocé, qui avait été rapproché dans son exil, fut rappelé.',
			"M. le duc d'Orléans l'en dédommagea."
		]);
	});

	it('ends a sentence after "t." or "p." when a word, not a number, follows a capital', () => {
		expect(segmentSentences('Il prit le t. Puis il partit.')).toEqual([
			'Il prit le t.',
			'Puis il partit.'
		]);
	});
});

describe('segmentSentences: « quotations »', () => {
	it.each([
		['dit-il', '« Venez-vous ? » dit-il.'],
		['répondit-elle', '« Jamais ! » répondit-elle.'],
		["s'écria-t-il", "« Sauvez-moi ! » s'écria-t-il."],
		['fit-il', '« Quoi ? » fit-il en se levant.'],
		['a lowercase continuation', "Il s'écria : « Sauvez-moi ! » et tomba sans connaissance."],
		['tight guillemets', '«Venez-vous?» dit-il.']
	])('keeps an incise (%s) with its quotation', (_name, sentence) => {
		expect(segmentSentences(sentence)).toEqual([sentence]);
	});

	it('ends the sentence after the » when a capital follows', () => {
		expect(segmentSentences('« Venez-vous ? » Il partit sans attendre.')).toEqual([
			'« Venez-vous ? »',
			'Il partit sans attendre.'
		]);
		expect(
			segmentSentences(
				"Il fut bien étonné. « Comment, dit-il, j'ai mangé mon poulet !» L'assertion hardie et froide de ses gens le persuada."
			)
		).toEqual([
			'Il fut bien étonné.',
			"« Comment, dit-il, j'ai mangé mon poulet !»",
			"L'assertion hardie et froide de ses gens le persuada."
		]);
	});

	it('keeps a short quoted exchange such as « Non. Jamais ! » as one unit', () => {
		expect(segmentSentences('« Non. Jamais ! » Il sortit.')).toEqual([
			'« Non. Jamais ! »',
			'Il sortit.'
		]);
		expect(segmentSentences('Elle cria : « Non. Jamais ! » et ferma la porte.')).toEqual([
			'Elle cria : « Non. Jamais ! » et ferma la porte.'
		]);
	});

	it('cuts a long quotation into its sentences and gives each the guillemets it lacks', () => {
		expect(
			segmentSentences(
				'Il dit : « Le temps est passé. Tout le village courut vers la rivière avec des seaux. Personne ne revint. » Elle se tut.'
			)
		).toEqual([
			'Il dit : « Le temps est passé. »',
			'« Tout le village courut vers la rivière avec des seaux. »',
			'« Personne ne revint. »',
			'Elle se tut.'
		]);
	});

	it("follows the book's tight spacing when it adds a guillemet", () => {
		expect(
			segmentSentences(
				"«Et qu'aurais-je à faire, messieurs, de vous démontrer ici l'utilité de l'agriculture? Qui donc pourvoit à nos besoins? qui donc fournit à notre subsistance? N'est-ce pas l'agriculteur?»"
			)
		).toEqual([
			"«Et qu'aurais-je à faire, messieurs, de vous démontrer ici l'utilité de l'agriculture?»",
			'«Qui donc pourvoit à nos besoins? qui donc fournit à notre subsistance?»',
			"«N'est-ce pas l'agriculteur?»"
		]);
	});

	it('balances a paragraph that opens or closes a quotation spanning several paragraphs', () => {
		expect(
			segmentSentences(
				"«Messieurs,\nQu'il me soit permis de rendre justice à l'administration supérieure.»"
			)
		).toEqual([
			'«Messieurs,»',
			"«Qu'il me soit permis de rendre justice à l'administration supérieure.»"
		]);
	});

	it("keeps every unit balanced in Saint-Simon's dialogue inside a quotation", () => {
		const sentences = segmentSentences(
			"Le cardinal la voyant s'avancer lui demanda vivement ce qu'elle lui voulait. « Monseigneur, dit-elle. — Ho, monseigneur ! monseigneur ! interrompit le cardinal ; cela ne se peut pas. — Mais, monseigneur, reprit-elle. — Monseigneur, » voulut encore dire Mme de Conflans ; mais le cardinal lui dit : « Allez à tous les diables, dit-il, et me laissez en repos. » Elle pensa tomber toute plate."
		);
		expect(sentences).toEqual([
			"Le cardinal la voyant s'avancer lui demanda vivement ce qu'elle lui voulait.",
			'« Monseigneur, dit-elle. »',
			'« — Ho, monseigneur ! monseigneur ! interrompit le cardinal ; cela ne se peut pas. »',
			'« — Mais, monseigneur, reprit-elle. »',
			'« — Monseigneur, » voulut encore dire Mme de Conflans ; mais le cardinal lui dit : « Allez à tous les diables, dit-il, et me laissez en repos. »',
			'Elle pensa tomber toute plate.'
		]);
		expect(sentences.every(balanced)).toBe(true);
	});

	it('keeps a quotation closed by ;» with the clause that goes on after it', () => {
		const sentence =
			"Il me poussa de la main : « Allez, monsieur, me dit-il, ce n'est pas la peine ;» et malgré moi me fit passer devant lui.";
		expect(segmentSentences(sentence)).toEqual([sentence]);
	});
});

describe('segmentSentences: em-dash dialogue', () => {
	it('starts a new sentence at each dash reply that follows end punctuation', () => {
		expect(segmentSentences('— Oui, dit-il. — Non. — Peut-être…')).toEqual([
			'— Oui, dit-il.',
			'— Non.',
			'— Peut-être…'
		]);
	});

	it('treats the en dash and the Gutenberg "--" as dialogue dashes', () => {
		expect(segmentSentences('– Vraiment ? – Oui, vraiment.')).toEqual([
			'– Vraiment ?',
			'– Oui, vraiment.'
		]);
		expect(
			segmentSentences('-- Je devrais, dit Rodolphe, me reculer un peu. -- Pourquoi? dit Emma.')
		).toEqual(['-- Je devrais, dit Rodolphe, me reculer un peu.', '-- Pourquoi? dit Emma.']);
	});

	it('keeps the incise after a question in the same reply', () => {
		expect(segmentSentences("— Êtes-vous le médecin ? demanda l'enfant.")).toEqual([
			"— Êtes-vous le médecin ? demanda l'enfant."
		]);
	});

	it('does not break at a dash that follows no end punctuation', () => {
		expect(segmentSentences('Il vint – enfin – nous voir au village.')).toEqual([
			'Il vint – enfin – nous voir au village.'
		]);
	});
});

describe('segmentSentences: ellipses, ? and !', () => {
	it('goes on after "..." or "…" before a lowercase word', () => {
		expect(
			segmentSentences(
				'Il entendait rouler sur leur tringle les anneaux de fer des lits et sa femme dormir... comme autrefois.'
			)
		).toHaveLength(1);
		expect(segmentSentences('comme qui dirait… un poids, là, sur la poitrine !')).toHaveLength(1);
	});

	it('ends the sentence after "..." or "…" before a capital', () => {
		expect(
			segmentSentences(
				'Il entendait sa femme dormir... Comme il passait par Vassonville, il aperçut un jeune garçon.'
			)
		).toEqual([
			'Il entendait sa femme dormir...',
			'Comme il passait par Vassonville, il aperçut un jeune garçon.'
		]);
		expect(
			segmentSentences('Parce que d’autres sont morts, vouloir mourir… Il faut vous secouer.')
		).toEqual(['Parce que d’autres sont morts, vouloir mourir…', 'Il faut vous secouer.']);
	});

	it('does not end the sentence at "..." followed by a comma', () => {
		expect(segmentSentences('-- Cependant..., cependant..., objectait madame Bovary.')).toEqual([
			'-- Cependant..., cependant..., objectait madame Bovary.'
		]);
	});

	it('goes on after ? or ! before a lowercase word', () => {
		expect(segmentSentences('« Quoi ! vous partez ? » dit-elle.')).toEqual([
			'« Quoi ! vous partez ? » dit-elle.'
		]);
		expect(
			segmentSentences(
				"-- Des moyens? répliqua M. Homais; lui! des moyens? Dans sa partie, c'est possible."
			)
		).toEqual([
			'-- Des moyens? répliqua M. Homais; lui! des moyens?',
			"Dans sa partie, c'est possible."
		]);
	});

	it('keeps "!..." with its sentence and ends it there before a capital', () => {
		expect(
			segmentSentences(
				"Appelle Polyte pour qu'il la remise!... Dire que, depuis le matin, ils ont bu huit pots de cidre!... Mais ils vont me déchirer le tapis."
			)
		).toEqual([
			"Appelle Polyte pour qu'il la remise!...",
			'Dire que, depuis le matin, ils ont bu huit pots de cidre!...',
			'Mais ils vont me déchirer le tapis.'
		]);
	});
});

describe('segmentSentences: paragraphs and whitespace', () => {
	it('ends a sentence at every newline, so a heading stands alone', () => {
		expect(segmentSentences('CHAPITRE III\nLe cardinal Dubois mourut\nà Versailles.')).toEqual([
			'CHAPITRE III',
			'Le cardinal Dubois mourut',
			'à Versailles.'
		]);
	});

	it('collapses inner whitespace, trims, and returns no empty sentence', () => {
		expect(segmentSentences('  Il   vint.\t\tElle\u00a0partit.  \r\n\r\n   \n Fin. ')).toEqual([
			'Il vint.',
			'Elle partit.',
			'Fin.'
		]);
	});

	it('drops a paragraph of punctuation alone, such as a scene break', () => {
		expect(segmentSentences('Il vint.\n* * *\nElle partit.')).toEqual(['Il vint.', 'Elle partit.']);
	});

	it('joins stray punctuation to the sentence before it rather than make it a sentence', () => {
		expect(segmentSentences('Il vint! !! Elle partit.')).toEqual(['Il vint! !!', 'Elle partit.']);
	});

	it('returns nothing for empty or blank text', () => {
		expect(segmentSentences('')).toEqual([]);
		expect(segmentSentences(' \n\n \t')).toEqual([]);
	});

	it('keeps a sentence without final punctuation', () => {
		expect(segmentSentences("Il y eut une agitation sur l'estrade")).toEqual([
			"Il y eut une agitation sur l'estrade"
		]);
	});
});

describe('segmentSentences: a passage of Madame Bovary', () => {
	const passage =
		"Il y eut une agitation sur l'estrade, de longs chuchotements, des pourparlers. Enfin, M. le Conseiller se leva. On savait maintenant qu'il s'appelait Lieuvain, et l'on se répétait son nom de l'un à l'autre, dans la foule.\n" +
		'-- Oh! vous vous calomniez, dit Emma.\n' +
		"-- Ah! encore, dit Rodolphe. Toujours les devoirs, je suis assommé de ces mots-là. Ils sont un tas de vieilles ganaches qui continuellement nous chantent aux oreilles: «Le devoir! le devoir!» Eh! parbleu! le devoir, c'est de sentir ce qui est grand.";

	it('finds the sentences a reader would', () => {
		expect(segmentSentences(passage)).toEqual([
			"Il y eut une agitation sur l'estrade, de longs chuchotements, des pourparlers.",
			'Enfin, M. le Conseiller se leva.',
			"On savait maintenant qu'il s'appelait Lieuvain, et l'on se répétait son nom de l'un à l'autre, dans la foule.",
			'-- Oh! vous vous calomniez, dit Emma.',
			'-- Ah! encore, dit Rodolphe.',
			'Toujours les devoirs, je suis assommé de ces mots-là.',
			'Ils sont un tas de vieilles ganaches qui continuellement nous chantent aux oreilles: «Le devoir! le devoir!»',
			"Eh! parbleu! le devoir, c'est de sentir ce qui est grand."
		]);
	});
});

describe('segmentPages', () => {
	it('numbers sentences from 0 and counts their words', () => {
		expect(
			segmentPages([
				"Le cardinal Dubois n'eut pas le plaisir d'apprendre sa mort. Il le suivit trois jours après à Versailles."
			])
		).toEqual([
			{
				index: 0,
				page: 1,
				text: "Le cardinal Dubois n'eut pas le plaisir d'apprendre sa mort.",
				words: 10
			},
			{ index: 1, page: 1, text: 'Il le suivit trois jours après à Versailles.', words: 8 }
		]);
	});

	it('flows a sentence across a page break and puts it on the page where it starts', () => {
		const sentences = segmentPages([
			'Le duc mourut. Il était fils unique du dernier duc',
			"d'Estrées, mort ambassadeur à Rome. Il ne laissa point d'enfants."
		]);
		expect(sentences.map(({ page, text }) => [page, text])).toEqual([
			[1, 'Le duc mourut.'],
			[1, "Il était fils unique du dernier duc d'Estrées, mort ambassadeur à Rome."],
			[2, "Il ne laissa point d'enfants."]
		]);
	});

	it('ends a paragraph at a page that ends with a newline', () => {
		expect(
			segmentPages(['CHAPITRE PREMIER\n', 'Plusieurs personnes moururent en ce temps.']).map(
				(s) => s.text
			)
		).toEqual(['CHAPITRE PREMIER', 'Plusieurs personnes moururent en ce temps.']);
	});

	it('does not end a paragraph at a page that ends mid-sentence without a newline', () => {
		expect(
			segmentPages(['CHAPITRE PREMIER', 'plusieurs personnes moururent.']).map((s) => s.text)
		).toEqual(['CHAPITRE PREMIER plusieurs personnes moururent.']);
	});

	it('ends a sentence at a page that ends with end punctuation', () => {
		expect(
			segmentPages(['Il partit.', 'Elle resta.']).map(({ page, text }) => [page, text])
		).toEqual([
			[1, 'Il partit.'],
			[2, 'Elle resta.']
		]);
	});

	it('lets the ordinary rules decide at a page that ends with an abbreviation or a question', () => {
		expect(segmentPages(['Il rendit visite au P.', 'Daubenton.']).map((s) => s.text)).toEqual([
			'Il rendit visite au P. Daubenton.'
		]);
		expect(segmentPages(['« Venez-vous ? »', 'dit-il.']).map((s) => s.text)).toEqual([
			'« Venez-vous ? » dit-il.'
		]);
	});

	it('rejoins a word hyphenated across a page break', () => {
		expect(segmentPages(['Il aimait les beaux-', 'arts et la musique.'])).toEqual([
			{ index: 0, page: 1, text: 'Il aimait les beaux-arts et la musique.', words: 7 }
		]);
	});

	it('skips empty pages without losing the page numbers', () => {
		const sentences = segmentPages(['Première page.', '', '   ', 'Quatrième page. Encore.']);
		expect(sentences.map(({ index, page, text }) => [index, page, text])).toEqual([
			[0, 1, 'Première page.'],
			[1, 4, 'Quatrième page.'],
			[2, 4, 'Encore.']
		]);
	});

	it('returns nothing for a book with no text', () => {
		expect(segmentPages([])).toEqual([]);
		expect(segmentPages(['', '\n'])).toEqual([]);
	});
});
