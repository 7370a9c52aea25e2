"""Synthetic corpora of any size: real-looking sentences, curated files that prove every figure."""
from __future__ import annotations

import hashlib
import random
import string
from pathlib import Path

FIGURES_PER_DOCUMENT = 100

# (sentence, unit, qualifier, value formatter): shaped like the statement's own sentences.
_TEMPLATES = [
    ("In 2024, NATO Allies in {region} will invest a total of {n} billion US dollars in defence, "
     "the {tag} estimate shows.", "usd_billion", "exact", "n"),
    ("I expect {n} Allies to spend 2% of their GDP on defence this year, as the {tag} review found.",
     "allies", "exact", "n"),
    ("Exercise {tag} involves approximately {n:,} forces from all 31 Allies and Sweden.",
     "troops", "approximately", "n"),
    ("Last year saw an unprecedented rise of {n}% across {region}, according to the {tag} survey.",
     "percent_change", "exact", "n"),
    ("By the end of 2024, {region} will have added more than {n} billion dollars for defence since the {tag} pledge.",
     "usd_billion", "more_than", "n"),
]
_REGIONS = ["Europe", "European Allies and Canada", "the Nordic Allies", "the Baltic States", "Southern Europe"]


def _tag(index: int) -> str:
    """A unique word for each sentence, so every quote occurs once; letters only, never a number."""
    letters = string.ascii_lowercase
    word = ""
    index += 26 * 26
    while index:
        index, rest = divmod(index, 26)
        word = letters[rest] + word
    return word.capitalize()


def write_corpus(root: Path, figures: int, seed: int = 7) -> Path:
    """Write curated/ and data/sources/ under root with `figures` figures, 100 per document."""
    rng = random.Random(seed)
    curated = root / "curated"
    sources = root / "data" / "sources"
    curated.mkdir(parents=True, exist_ok=True)
    sources.mkdir(parents=True, exist_ok=True)
    documents = max(1, (figures + FIGURES_PER_DOCUMENT - 1) // FIGURES_PER_DOCUMENT)
    made = 0
    for doc in range(documents):
        count = min(FIGURES_PER_DOCUMENT, figures - made)
        sentences, entries = [], []
        for i in range(count):
            sentence_template, unit, qualifier, _ = _TEMPLATES[(made + i) % len(_TEMPLATES)]
            n = rng.randint(3, 900) if unit != "troops" else rng.randint(2, 99) * 1000
            sentence = sentence_template.format(n=n, region=rng.choice(_REGIONS), tag=_tag(made + i))
            sentences.append(sentence)
            quote = sentence.replace("\\", "\\\\").replace('"', '\\"')
            entries.append(f'''  - id: synthetic-{doc}-{i}
    label: "Synthetic figure {i} of document {doc}"
    value: {n}
    unit: {unit}
    qualifier: {qualifier}
    period: "2024"
    scope: "Synthetic scope"
    kind: estimate
    basis: annual
    topic: defence-spending
    quote: "{quote}"
''')
        text = "Synthetic press release\n\n" + "\n\n".join(
            " ".join(sentences[j:j + 4]) for j in range(0, len(sentences), 4)) + "\n"
        name = f"synthetic-{doc:04d}.txt"
        (sources / name).write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        (curated / f"synthetic-{doc:04d}.yaml").write_text(f'''schema_version: 1
document:
  id: synthetic-{doc:04d}
  role: primary
  title: "Synthetic press release {doc}"
  producer: "Benchmark"
  date_published: "2024-02-15"
  url_main: null
  completeness: complete
  text: {name}
  sha256: {digest}
  citation_full: "Benchmark. Synthetic press release {doc}."
figures:
{"".join(entries)}''', encoding="utf-8")
        made += count
    return root
