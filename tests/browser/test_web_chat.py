"""The web chat in a real browser against the real stack."""

from pathlib import Path

from playwright.sync_api import Browser, Dialog, Page, expect

from tests.conftest import RunningStack

DOCS = Path(__file__).resolve().parents[2] / "docs"


def send(page: Page, text: str) -> None:
    page.get_by_label("Ihre Nachricht").fill(text)
    page.get_by_role("button", name="Senden").click()


def bot_messages(page: Page):
    return page.locator(".message.bot")


def test_chat_buttons_reload_and_escaping(browser: Browser, running_stack: RunningStack) -> None:
    context = browser.new_context(locale="de-DE", viewport={"width": 900, "height": 1000})
    page = context.new_page()
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(running_stack.base_url + "/")
    expect(bot_messages(page).first).to_contain_text("Förderlotse")

    send(page, "Hallo")
    expect(bot_messages(page).last).to_contain_text("Guten Tag")

    send(page, "Welche Förderung passt zu meinem Betrieb?")
    bavaria = page.locator(".message.bot button", has_text="Bayern").last
    expect(bavaria).to_be_visible()
    bavaria.click()
    expect(page.locator(".message.user").last).to_have_text("Sie: Bayern")
    expect(bot_messages(page).last).to_contain_text("Beschäftigte")

    page.reload()
    expect(page.locator(".message.user").last).to_have_text("Sie: Bayern")
    send(page, "12")
    expect(bot_messages(page).last).to_contain_text("Branche")

    attack = "<img src=x onerror=alert(1)>"
    send(page, attack)
    expect(page.locator(".message.user").last).to_have_text(f"Sie: {attack}")
    assert page.locator(".messages img").count() == 0
    assert dialogs == []

    send(page, "Handwerk")
    send(page, "Software")
    expect(page.locator(".message.bot a[target=_blank]").first).to_be_visible()
    expect(page.locator(".message.bot .card-title").first).to_be_visible()  # result cards
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "web-chat.png"), full_page=False)
    context.close()


def test_language_switch_and_new_conversation(
    browser: Browser, running_stack: RunningStack
) -> None:
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(running_stack.base_url + "/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    expect(bot_messages(page).last).to_contain_text("English")
    page.get_by_role("button", name="New conversation").click()
    expect(page.locator(".message")).to_have_count(1)
    context.close()


def test_the_page_speaks_the_language_of_the_conversation(
    browser: Browser, running_stack: RunningStack
) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(running_stack.base_url + "/")
    expect(page.get_by_role("button", name="Send")).to_be_visible()  # no conversation yet
    page.get_by_label("Your message").fill("Hallo, welche Förderung passt zu meinem Betrieb?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("button", name="Senden")).to_be_visible()  # the bot speaks German
    expect(page.get_by_label("Ihre Nachricht")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    context.close()


def test_unreachable_server_shows_a_clear_error(
    browser: Browser, running_stack: RunningStack
) -> None:
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(running_stack.base_url + "/")
    page.route("**/api/chat", lambda route: route.abort())
    send(page, "Hallo")
    expect(page.get_by_role("alert")).to_contain_text("nicht erreichbar")
    context.close()


def test_the_chat_keeps_the_server_issued_id_and_drops_it_on_delete(
    browser: Browser, running_stack: RunningStack
) -> None:
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(running_stack.base_url + "/")
    # An id from before server-issued ids: refused by the server, so the page starts afresh.
    page.evaluate("localStorage.setItem('foerderlotse.sender', 'web-made-up')")
    page.reload()
    send(page, "Hallo")
    expect(bot_messages(page).last).to_contain_text("Guten Tag")
    sender = page.evaluate("localStorage.getItem('foerderlotse.sender')")
    assert sender.startswith("web-") and "." in sender
    page.reload()
    send(page, "Welche Förderung passt zu meinem Betrieb?")
    expect(bot_messages(page).last).to_contain_text("Bundesland")
    assert page.evaluate("localStorage.getItem('foerderlotse.sender')") == sender
    page.get_by_role("button", name="Meine Daten löschen").click()
    expect(bot_messages(page).last).to_contain_text("gelöscht")
    assert page.evaluate("localStorage.getItem('foerderlotse.sender')") is None
    reused = running_stack.request("/api/chat", {"sender_id": sender, "message": "Hallo"})
    assert reused[0] == 410
    context.close()
