"""Plain language: find contact-center acronyms and jargon that other departments and executives won't know.

    jargon_findings("AHT rose 20%")            → [JargonFinding(term="AHT", suggestion="…", position=0)]
    jargon_findings(html, html=True)           → the same over page text; `<abbr title="…">AHT</abbr>` is explained

A term counts as explained, and is not reported, when it is followed by its explanation in
parentheses ("AHT (average handle time) rose") or, in HTML, sits inside an `<abbr>` with a title.
Positions are character offsets into the text (or the HTML) as given.
"""

import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser

# Acronyms match case-sensitively as whole words; the suggestion is the plain words to use instead.
ACRONYMS: dict[str, str] = {
    "AHT": "average handle time: how long dealing with one customer takes, including follow-up work",
    "ASA": "how long customers wait before someone answers",
    "ACD": "the system that routes calls to staff",
    "ACW": "follow-up work after each customer contact",
    "ATT": "time spent talking per call",
    "AUX": "time staff are logged in but not available to customers",
    "CES": "how easy customers say it was to get help",
    "CSAT": "customer satisfaction score",
    "CTI": "the link between the phone system and the computer",
    "FCR": "share of problems solved in the customer's first contact",
    "IVR": "the automated phone menu",
    "KPI": "key measure",
    "NPS": "how likely customers are to recommend us (net promoter score)",
    "SL": "share of calls answered within the target time",
    "SLA": "the agreed service target",
    "TSF": "share of calls answered within the target time",
    "WFM": "staff planning and scheduling",
}

# Jargon matches case-insensitively as whole words or phrases.
JARGON: dict[str, str] = {
    "c-sat": "customer satisfaction score",
    "csat": "customer satisfaction score",
    "occupancy": "share of working time staff spend with customers",
    "shrinkage": "share of paid time staff are unavailable (breaks, training, absence)",
    "adherence": "how closely staff keep to their schedule",
    "abandonment rate": "share of callers who hang up before anyone answers",
    "abandon rate": "share of callers who hang up before anyone answers",
    "average handle time": "how long dealing with one customer takes",
    "handle time": "time spent per customer contact",
    "talk time": "time spent talking per call",
    "after-call work": "follow-up work after each customer contact",
    "wrap-up time": "follow-up work after each customer contact",
    "wrap time": "follow-up work after each customer contact",
    "average speed of answer": "how long customers wait before someone answers",
    "speed of answer": "how long customers wait before someone answers",
    "service level": "share of contacts answered within the target time",
    "first call resolution": "share of problems solved in the customer's first contact",
    "first contact resolution": "share of problems solved in the customer's first contact",
    "erlang": "the staffing formula",
    "deflection": "customers helped without needing a person",
    "containment rate": "share of customers who finish in self-service",
    "schedule adherence": "how closely staff keep to their schedule",
}

_ACRONYM_RE = re.compile(r"(?<![\w-])(" + "|".join(sorted(ACRONYMS, key=len, reverse=True)) + r")(?![\w-])")
_JARGON_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(JARGON, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
_EXPLANATION_RE = re.compile(r"\s*\(([^()]{3,})\)")


@dataclass(frozen=True)
class JargonFinding:
    term: str
    suggestion: str
    position: int

    def as_dict(self) -> dict:
        return asdict(self)


def _scan(text: str, offset: int = 0) -> list[JargonFinding]:
    hits: list[tuple[int, int, str, str]] = []
    for match in _ACRONYM_RE.finditer(text):
        hits.append((match.start(), match.end(), match.group(0), ACRONYMS[match.group(0)]))
    for match in _JARGON_RE.finditer(text):
        hits.append((match.start(), match.end(), match.group(0), JARGON[match.group(0).lower()]))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    findings: list[JargonFinding] = []
    covered_until = -1  # text already used: a longer overlapping term, or a term's explanation
    for start, end, term, suggestion in hits:
        if start < covered_until:
            continue
        explanation = _EXPLANATION_RE.match(text, end)
        if explanation:
            covered_until = explanation.end()
            continue
        covered_until = end
        findings.append(JargonFinding(term=term, suggestion=suggestion, position=offset + start))
    return findings


class _TextCollector(HTMLParser):
    """Collects (offset, text) runs of an HTML document, leaving out scripts, styles and explained abbrs."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self._line_starts = [0]
        for i, ch in enumerate(source):
            if ch == "\n":
                self._line_starts.append(i + 1)
        self.runs: list[tuple[int, str]] = []
        self._skip_depth = 0
        self._abbr_stack: list[bool] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip_depth += 1
        elif tag == "abbr":
            explained = any(name == "title" and (value or "").strip() for name, value in attrs)
            self._abbr_stack.append(explained)
            if explained:
                self._skip_depth += 1

    def handle_endtag(self, tag):
        closes_skipped = tag in {"script", "style"} or (tag == "abbr" and self._abbr_stack and self._abbr_stack.pop())
        if closes_skipped and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data):
        if not self._skip_depth:
            self.runs.append((self._offset(), data))


def jargon_findings(text: str | None, *, html: bool = False) -> list[JargonFinding]:
    """Unexplained contact-center acronyms and jargon in `text`, each with plain words to use instead."""
    if not text:
        return []
    if not html:
        return _scan(text)
    collector = _TextCollector(text)
    collector.feed(text)
    collector.close()
    findings: list[JargonFinding] = []
    for offset, run in collector.runs:
        findings.extend(_scan(run, offset))
    return findings


def insight_jargon_warnings(*, title: str, summary: str) -> dict[str, list[dict]]:
    """Findings per field of an insight ({"title": [...], "summary": [...]}); empty fields are left out."""
    warnings = {"title": jargon_findings(title), "summary": jargon_findings(summary)}
    return {field: [f.as_dict() for f in found] for field, found in warnings.items() if found}
