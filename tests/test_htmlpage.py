"""A saved web page is read as the text a person sees on it (core/htmlpage.py), then as any other wiki page."""
from __future__ import annotations

import pytest

from core.decoding import IngestError
from core.htmlpage import html_to_text, looks_like_html
from core.ingest import ingest
from core.statements import extract_statements
from core.store import CharacterStore

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ines Marlow – Staff – Quarry Lane Bakery</title>
<style>.x { color: red }</style><script>var tracking = "Ines Marlow tracking pixel";</script></head>
<body>
<header><a href="/">Quarry Lane Bakery</a><nav><a href="/menu">Menu</a> <a href="/staff">Staff</a></nav></header>
<main>
  <p class="breadcrumb"><a href="/staff">Staff</a> / Ines Marlow</p>
  <figure><img src="ines.jpg" alt="Ines Marlow holding a loaf"><figcaption>Ines at the Quarry Lane ovens.</figcaption></figure>
  <h1>Ines Marlow</h1>
  <ul class="facts"><li><strong>Joined:</strong> May 2016</li><li><strong>Languages:</strong> Portuguese,
      English</li></ul>
  <p>Ines Marlow runs the night shift at Quarry Lane
     Bakery, where she bakes four hundred loaves before dawn.</p>
  <h2>Outside work</h2>
  <p>Ines Marlow swims in the North Sea every Sunday&nbsp;morning.</p>
  <form><button>Subscribe</button><input name="email"></form>
</main>
<footer>© 2025 Quarry Lane Bakery · Privacy · Terms</footer>
</body></html>"""


def test_the_page_text_keeps_headings_lists_and_paragraphs_and_drops_the_site():
    text = html_to_text(PAGE)
    assert text.startswith("Ines at the Quarry Lane ovens.\n\n# Ines Marlow\n\n- Joined: May 2016\n- Languages: Portuguese, English")
    assert "## Outside work\n\nInes Marlow swims in the North Sea every Sunday morning." in text
    assert "runs the night shift at Quarry Lane Bakery, where" in text  # the source's line break is a space
    for furniture in ("Menu", "Staff /", "tracking", "Subscribe", "Privacy", "color", "holding a loaf", "– Staff –"):
        assert furniture not in text


def test_looks_like_html():
    assert looks_like_html(PAGE) and looks_like_html("<html><body><p>x</p></body></html>")
    assert not looks_like_html("Ines Marlow <3 bread. Her oven runs at 250 <degrees>.")


def test_an_html_upload_gives_statements_about_the_person_only(workspace):
    store = CharacterStore(workspace, "Ines Marlow")
    passages = ingest(store, [("ines-marlow.html", PAGE.encode("utf-8"))])
    assert {p.section for p in passages if "swims" in p.text} == {"Outside work"}
    extract_statements(store)
    texts = [s["text"] for s in store.statements()]
    assert any("night shift" in t for t in texts) and any("swims in the North Sea" in t for t in texts)
    assert not any(word in t for t in texts for word in ("Subscribe", "Privacy", "Menu", "tracking"))


def test_a_page_with_nothing_to_read_is_refused(workspace):
    empty = b"<html><head><title>x</title><script>1</script></head><body><nav>Home</nav></body></html>"
    with pytest.raises(IngestError, match="no paragraphs with text"):
        ingest(CharacterStore(workspace, "Ines Marlow"), [("empty.htm", empty)])
    assert not CharacterStore(workspace, "Ines Marlow").paths.passages.exists()
