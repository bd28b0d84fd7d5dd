"""Code comments cite the project's docs as `docs/<file>.md "Heading"`: every such citation in
the Python files (and Makefile, Dockerfile) names a file of docs/ and a heading in it, so a
reader who follows one lands on the text it means. A renamed heading or a moved section fails
here with the list of stale citations."""

import os
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCS = ROOT / "docs"
SKIPPED_DIRS = {"node_modules", "__pycache__"}
NAMED_FILES = {"Makefile", "Dockerfile"}

# docs/<file>.md, an optional comma, then the quoted heading; line breaks (with a comment's
# `#`) may fall between them or inside the heading, as comments wrap.
LINE_BREAK = r"\n[ \t]*(?:#[ \t]*)?"
CITATION = re.compile(
    rf'docs/([\w.-]+\.md),?(?:[ \t]|{LINE_BREAK})+"([^"\n]+(?:{LINE_BREAK}[^"\n]+)?)"'
)
MENTION = re.compile(r"docs/([\w.-]+\.md)")
HEADING = re.compile(r"^#+[ \t]+(.+?)[ \t]*$", re.MULTILINE)


def citing_files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [name for name in dirs if not name.startswith(".") and name not in SKIPPED_DIRS]
        for name in files:
            if name.endswith(".py") or name in NAMED_FILES:
                yield Path(folder, name)


def headings(doc: str) -> set[str] | None:
    path = DOCS / doc
    return set(HEADING.findall(path.read_text())) if path.is_file() else None


def citations_in(text: str) -> list[tuple[int, str, str]]:
    """(line, doc, heading) of each citation in `text`, the heading's line breaks made
    spaces."""
    return [
        (
            text.count("\n", 0, match.start()) + 1,
            match.group(1),
            re.sub(rf"[ \t]*{LINE_BREAK}", " ", match.group(2)),
        )
        for match in CITATION.finditer(text)
    ]


def citations():
    for path in citing_files():
        for line, doc, heading in citations_in(path.read_text(errors="replace")):
            yield f"{path.relative_to(ROOT)}:{line}", doc, heading


def test_a_citation_wrapped_over_comment_lines_is_read_whole():
    text = 'x = 1\n# costs (docs/performance.md\n# "What every request\n#   costs"): cached\n'
    assert citations_in(text) == [(2, "performance.md", "What every request costs")]


def test_a_docs_path_in_a_string_is_no_citation():
    assert citations_in('for name in ("README.md", "docs/uploads.md"):\n    x = "a"') == []


def test_the_scan_reads_the_top_level_files_and_the_apps():
    cited = {where.split(":")[0] for where, _, _ in citations()}
    assert {"gunicorn.conf.py", "reelfake/settings.py"} <= cited


def test_every_docs_file_mentioned_exists():
    missing = sorted(
        f"{path.relative_to(ROOT)}: docs/{doc}"
        for path in citing_files()
        for doc in MENTION.findall(path.read_text(errors="replace"))
        if not (DOCS / doc).is_file()
    )
    assert missing == [], "mentions of missing docs files:\n" + "\n".join(missing)


def test_every_doc_citation_names_an_existing_file_and_heading():
    broken = []
    for where, doc, heading in citations():
        known = headings(doc)
        if known is None:
            broken.append(f'{where}: docs/{doc} "{heading}": no such file in docs/')
        elif heading not in known:
            broken.append(f'{where}: docs/{doc} "{heading}": no such heading in docs/{doc}')
    assert broken == [], "stale doc citations:\n" + "\n".join(sorted(broken))


# Paths a clone of the repository does not have: the project's working folders and the
# contract's own files, which docs/ restates (a comment cites docs/, not them).
OUTSIDE = re.compile(r"\.\./shared|/work/|shared/contract|STYLE\.md|\bcontract \d+\.\d+")


def outside_references(text: str) -> list[int]:
    return [text.count("\n", 0, match.start()) + 1 for match in OUTSIDE.finditer(text)]


def test_a_reference_outside_the_repository_is_found():
    text = "x = 1\n# see ../shared/contract/DECISIONS.md\n# (contract 1.8)\n"
    assert outside_references(text) == [2, 3]


def test_no_file_points_outside_the_repository():
    this_file = Path(__file__).resolve()
    files = [path for path in citing_files() if path.resolve() != this_file]
    files += sorted(DOCS.glob("*.md"))
    found = sorted(
        f"{path.relative_to(ROOT)}:{line}"
        for path in files
        for line in outside_references(path.read_text(errors="replace"))
    )
    assert found == [], "references outside the repository:\n" + "\n".join(found)
