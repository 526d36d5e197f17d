"""Result cards in a real browser against the real stack: one compact card per result, the
"Details" disclosure by keyboard, screen-reader names, no axe-core violations (WCAG 2.1 A/AA and
best practices, contrast included), the take-away page, and the README's screenshots."""

from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.conftest import RunningStack

DOCS = Path(__file__).resolve().parents[2] / "docs"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
QUESTION = (
    "Ich habe einen Elektrobetrieb in München mit 15 Mitarbeitern und will eine Software "
    "einführen. Gibt es Zuschüsse?"
)
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (the context bypasses the CSP for it)."""
    if not AXE.exists():
        raise AssertionError("axe-core is missing: `make browser` installs it")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}}))
             .violations.map((v) => ({id: v.id, targets: v.nodes.map((n) => n.target)}))""",
        AXE_TAGS,
    )


def ask_for_funding(browser: Browser, running_stack: RunningStack, viewport: ViewportSize) -> Page:
    context: BrowserContext = browser.new_context(
        locale="de-DE", viewport=viewport, bypass_csp=True
    )
    page = context.new_page()
    page.goto(running_stack.base_url + "/")
    page.get_by_label("Ihre Nachricht").fill(QUESTION)
    page.get_by_role("button", name="Senden").click()
    expect(page.locator("article.card").first).to_be_visible(timeout=60_000)
    expect(page.locator("#typing")).to_be_hidden(timeout=60_000)
    return page


def test_cards_are_compact_keyboard_usable_named_and_axe_clean(
    browser: Browser, running_stack: RunningStack
) -> None:
    page = ask_for_funding(browser, running_stack, PHONE)
    cards = page.locator("article.card-programme")
    assert 1 <= cards.count() <= 3
    first = cards.first
    title = first.locator("h2").inner_text()
    expect(page.get_by_role("article", name=title)).to_be_visible()
    assert first.locator(".card-terms").inner_text()  # kind · rate · maximum
    assert first.locator(".card-status").inner_text()
    # One card fits one phone screen; details are one tap away.
    assert first.bounding_box()["height"] < PHONE["height"]  # type: ignore[index]

    details = page.get_by_role("button", name=f"Details zu {title}")
    expect(details).to_have_attribute("aria-expanded", "false")
    panel = first.locator(".card-details")
    expect(panel).to_be_hidden()
    details.focus()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("aria-expanded", "true")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Quelle: https://")
    page.keyboard.press("Tab")
    link = page.get_by_role("link", name=f"Antrag/Quelle zu {title} (öffnet in neuem Fenster)")
    expect(link).to_be_focused()
    assert link.get_attribute("href", timeout=1000).startswith("https://")  # type: ignore[union-attr]
    assert link.get_attribute("target") == "_blank"

    # No line is said twice in a card, and no bubble names a period's end twice.
    for index in range(cards.count()):
        lines = [line for line in cards.nth(index).inner_text().splitlines() if line.strip()]
        assert len(lines) == len(set(lines)), lines
    for bubble in page.locator(".message.bot").all_inner_texts():
        assert not ("endet am 31.12.2026" in bubble and "Ende 2026" in bubble), bubble

    summary = page.get_by_role("link", name="Ergebnis als Seite/PDF (drucken)")
    expect(summary).to_be_visible()
    assert axe_violations(page) == []

    details.focus()
    page.keyboard.press("Space")
    expect(details).to_have_attribute("aria-expanded", "false")
    first.scroll_into_view_if_needed()
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "web-cards-phone.png"))

    with page.context.expect_page() as opened:
        summary.click()
    take_away = opened.value
    take_away.wait_for_load_state()
    expect(take_away.get_by_role("heading", name="Förderprogramme")).to_be_visible()
    expect(take_away.get_by_role("heading", name=title)).to_be_visible()
    expect(take_away.locator(".source").first).to_contain_text("geprüft am")
    expect(take_away.get_by_role("button", name="Drucken oder als PDF speichern")).to_be_visible()
    assert axe_violations(take_away) == []
    take_away.emulate_media(media="print")
    expect(take_away.get_by_role("button", name="Drucken oder als PDF speichern")).to_be_hidden()
    take_away.set_viewport_size({"width": 800, "height": 1100})
    take_away.screenshot(path=str(DOCS / "summary-print.png"), full_page=False)
    page.context.close()


def test_desktop_screenshot_of_the_cards(browser: Browser, running_stack: RunningStack) -> None:
    page = ask_for_funding(browser, running_stack, DESKTOP)
    page.locator("article.card").first.get_by_role("button").first.click()
    expect(page.locator(".card-details").first).to_be_visible()
    page.locator("article.card").first.scroll_into_view_if_needed()
    assert axe_violations(page) == []
    page.screenshot(path=str(DOCS / "web-cards-desktop.png"))
    page.context.close()
