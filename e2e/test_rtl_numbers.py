"""An Arabic reader of the help page sees the crisis numbers in their own order: "0800-2000", never "2000-0800".

The check is on what the browser draws, not on the markup: the position on screen of each digit group.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.pages import PageChecker, choose_language, html_lang_dir

# Left edge (CSS px) of the first characters of each group of a phone number inside the element, as drawn.
GROUP_POSITIONS = """
(element, groups) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node, text = '', nodes = [];
  while ((node = walker.nextNode())) { nodes.push([node, text.length]); text += node.data; }
  const at = (index) => {
    for (const [n, start] of nodes) {
      if (index >= start && index < start + n.data.length) {
        const range = document.createRange();
        range.setStart(n, index - start);
        range.setEnd(n, index - start + 1);
        return range.getBoundingClientRect().left;
      }
    }
    throw new Error('not found: ' + index);
  };
  let from = 0;
  return groups.map((group) => { const index = text.indexOf(group, from); from = index + group.length; return at(index); });
}
"""


def _drawn_left_to_right(page: Page, selector: str, groups: list[str]) -> bool:
    positions = page.locator(selector).evaluate(GROUP_POSITIONS, groups)
    return positions == sorted(positions) and len(set(positions)) == len(positions)


def test_the_arabic_help_page_shows_the_phone_numbers_in_their_own_order(page: Page, checker: PageChecker) -> None:
    checker.watch_context(page.context)
    page.goto("/hulp")
    choose_language(page, "ar")
    assert html_lang_dir(page) == ("ar", "rtl")

    veilig_thuis = page.locator('a[href="tel:08002000"]')
    number = veilig_thuis.locator("bdi")
    expect(number).to_have_text("0800-2000")
    assert number.evaluate("(e) => getComputedStyle(e).direction") == "ltr"
    assert veilig_thuis.evaluate("(e) => getComputedStyle(e).direction") == "rtl"  # the button's words: Arabic
    assert _drawn_left_to_right(page, 'a[href="tel:08002000"] bdi', ["0800", "2000"])
    assert _drawn_left_to_right(page, 'a[href="tel:08000432"] bdi', ["0800", "0432"])
    assert _drawn_left_to_right(page, 'a[href="tel:0885551000"] bdi', ["088", "555", "1000"])
    assert _drawn_left_to_right(page, 'a[href="mailto:info@akj.nl"] bdi', ["info", "akj", "nl"])
    checker.check(page, "help (ar)")


def test_without_the_isolate_arabic_text_would_swap_the_groups(page: Page, checker: PageChecker) -> None:
    """The measurement sees the bug the isolate prevents: the same number typed straight into Arabic text."""
    checker.watch_context(page.context)
    page.goto("/hulp")
    choose_language(page, "ar")
    page.evaluate(
        """() => {
          const p = document.createElement('p');
          p.id = 'bare-number';
          p.textContent = 'اتصل بالرقم 0800-2000';
          document.querySelector('main').append(p);
        }"""
    )
    assert not _drawn_left_to_right(page, "#bare-number", ["0800", "2000"])
