"""Editing the knowledge base through the console: validation, audit log, soft delete, end."""

import re

from aiohttp.test_utils import TestClient

from console.settings import AdminSettings
from knowledge.base import KnowledgeBase
from knowledge.content import entry_to_data
from knowledge.embeddings import QueryCachingEmbedder
from knowledge.status import Status, current_status
from knowledge.store import KnowledgeStore
from tests.console.conftest import USER, audit_log, csrf_of, edit_form, page_token


def store(settings: AdminSettings) -> KnowledgeStore:
    return KnowledgeStore(settings.knowledge.db_path)


def field_block(html: str, field: str) -> str:
    """The HTML of one form field (label, control, hint and errors)."""
    match = re.search(rf'<div class="field[^"]*"><label for="f-{field}">.*?</div>', html, re.S)
    assert match, f"no field {field}"
    return match.group(0)


async def test_list_filters_by_kind_status_and_text(signed_in: TestClient) -> None:
    text = await (await signed_in.get("/admin/knowledge?kind=faq")).text()
    assert "faq-kmu" in text and "digitalbonus-test" not in text
    text = await (await signed_in.get("/admin/knowledge?status=ended")).text()
    assert "alter-beratungsscheck" in text and "forschung-bund" not in text
    text = await (await signed_in.get("/admin/knowledge?q=Bayern+Software")).text()
    assert "digitalbonus-test" in text and "faq-kmu" not in text


async def test_a_validation_error_is_shown_at_the_field_and_nothing_is_written(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    before = admin_settings.knowledge.db_path.read_bytes()
    form = await edit_form(signed_in, admin_settings, "digitalbonus-test")
    form.update({"max_amount_eur": "31.000", "valid_from": "1.1.2025", "source_url": "x"})
    response = await signed_in.post("/admin/knowledge/digitalbonus-test/edit", data=form)
    assert response.status == 400
    html = await response.text()
    assert "Nicht gespeichert" in html
    assert "ganze Zahl" in field_block(html, "max_amount_eur")
    assert 'aria-invalid="true"' in field_block(html, "max_amount_eur")
    assert "https://" in field_block(html, "source_url")
    assert 'value="31.000"' in field_block(html, "max_amount_eur")
    assert "JJJJ-MM-TT eingeben" in field_block(html, "valid_from")
    assert admin_settings.knowledge.db_path.read_bytes() == before
    assert audit_log(admin_settings).recent() == []


async def test_a_whole_entry_problem_is_shown_at_the_field_to_fix(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    form = await edit_form(signed_in, admin_settings, "digitalbonus-test")
    form.update({"valid_from": "2028-01-01"})
    response = await signed_in.post("/admin/knowledge/digitalbonus-test/edit", data=form)
    assert response.status == 400
    assert "„Gültig bis“ liegt vor „Gültig ab“" in field_block(await response.text(), "valid_until")


async def test_a_change_is_saved_audited_with_its_diff_and_brought_live(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    form = await edit_form(signed_in, admin_settings, "digitalbonus-test")
    form["max_amount_eur"] = "31000"
    response = await signed_in.post(
        "/admin/knowledge/digitalbonus-test/edit", data=form, allow_redirects=False
    )
    assert response.status == 303
    assert store(admin_settings).get("digitalbonus-test").max_amount_eur == 31000  # type: ignore[union-attr]
    (record,) = audit_log(admin_settings).recent()
    assert (record.user, record.action, record.entry_id, record.kind) == (
        USER,
        "update",
        "digitalbonus-test",
        "programme",
    )
    assert record.diff == {"max_amount_eur": [7500, 31000]}
    [hit] = (
        KnowledgeBase(admin_settings.knowledge)
        .open_search()
        .search("Digitalbonus Testland", limit=1)
    )
    assert hit.entry.max_amount_eur == 31000  # type: ignore[attr-defined]  # live for readers
    audit_page = await (await signed_in.get("/admin/audit")).text()
    assert "max_amount_eur" in audit_page and "31000" in audit_page
    shown = await (await signed_in.get("/admin/knowledge/digitalbonus-test?msg=saved")).text()
    assert "Gespeichert" in shown and "31000" in shown


async def test_saving_without_a_change_writes_nothing(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    form = await edit_form(signed_in, admin_settings, "digitalbonus-test")
    response = await signed_in.post(
        "/admin/knowledge/digitalbonus-test/edit", data=form, allow_redirects=False
    )
    assert "msg=unchanged" in response.headers["Location"]
    assert audit_log(admin_settings).recent() == []


async def test_an_edit_of_an_outdated_version_is_refused(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    form = await edit_form(signed_in, admin_settings, "digitalbonus-test")
    form.update({"entry_hash": "0" * 64, "funder": "Jemand anderes"})
    response = await signed_in.post("/admin/knowledge/digitalbonus-test/edit", data=form)
    assert response.status == 400
    assert "inzwischen geändert" in await response.text()


async def test_create_checks_the_id_and_references(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    token = await page_token(signed_in, "/admin/knowledge/new?kind=faq")
    form = {
        "csrf": token,
        "kind": "faq",
        "id": "faq-kmu",
        "question_de": "Was kostet die Beratung?",
        "answer_de": "Das Mittelstand-Digital Zentrum berät kostenlos.",
        "related": "forschung-bund, gibt-es-nicht",
        "source_url": "https://example.org/beratung",
        "last_checked": "2026-11-20",
    }
    response = await signed_in.post("/admin/knowledge/new", data=form)
    assert response.status == 400
    html = await response.text()
    assert "schon vergeben" in field_block(html, "id")
    assert "Unbekannte ID „gibt-es-nicht“" in field_block(html, "related")
    form.update({"id": "faq-beratung-kosten", "related": "forschung-bund"})
    created = await signed_in.post("/admin/knowledge/new", data=form, allow_redirects=False)
    assert created.status == 303
    entry = store(admin_settings).get("faq-beratung-kosten")
    assert entry is not None and entry.related == ["forschung-bund"]  # type: ignore[attr-defined]
    (record,) = audit_log(admin_settings).recent()
    assert record.action == "create"
    assert record.diff["question_de"] == [None, "Was kostet die Beratung?"]
    form["question_de"] = "Noch einmal?"
    again = await signed_in.post("/admin/knowledge/new", data=form)
    assert "schon vergeben" in field_block(await again.text(), "id")


async def test_soft_delete_and_undo(signed_in: TestClient, admin_settings: AdminSettings) -> None:
    before = entry_to_data(store(admin_settings).get("digitalbonus-test"))  # type: ignore[arg-type]
    token = await page_token(signed_in, "/admin/knowledge/digitalbonus-test")
    response = await signed_in.post(
        "/admin/knowledge/digitalbonus-test/delete", data={"csrf": token}, allow_redirects=False
    )
    assert response.status == 303
    assert store(admin_settings).get("digitalbonus-test") is None
    listing = await (await signed_in.get(response.headers["Location"])).text()
    assert "„Digitalbonus Testland“ gelöscht" in listing
    undo = re.search(r'action="(/admin/trash/\d+/restore)"', listing)
    assert undo
    trash = await (await signed_in.get("/admin/trash")).text()
    assert "digitalbonus-test" in trash
    restored = await signed_in.post(
        undo.group(1), data={"csrf": csrf_of(listing)}, allow_redirects=False
    )
    assert restored.status == 303
    assert entry_to_data(store(admin_settings).get("digitalbonus-test")) == before  # type: ignore[arg-type]
    actions = [r.action for r in audit_log(admin_settings).recent()]
    assert actions == ["restore", "delete"]
    assert "digitalbonus-test" not in await (await signed_in.get("/admin/trash")).text()
    twice = await signed_in.post(undo.group(1), data={"csrf": csrf_of(listing)})
    assert twice.status == 409


async def test_an_entry_others_point_to_is_not_deleted(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    token = await page_token(signed_in, "/admin/knowledge/forschung-bund")
    response = await signed_in.post("/admin/knowledge/forschung-bund/delete", data={"csrf": token})
    assert response.status == 409
    assert "alter-beratungsscheck (successor)" in await response.text()
    assert store(admin_settings).get("forschung-bund") is not None


async def test_mark_as_ended_ends_the_entry_yesterday(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    token = await page_token(signed_in, "/admin/knowledge/digitalbonus-test")
    response = await signed_in.post(
        "/admin/knowledge/digitalbonus-test/end", data={"csrf": token}, allow_redirects=False
    )
    assert response.status == 303
    entry = store(admin_settings).get("digitalbonus-test")
    assert entry is not None
    assert entry.valid_until.isoformat() == "2026-11-23"  # type: ignore[union-attr]
    assert current_status(entry) is Status.ENDED
    (record,) = audit_log(admin_settings).recent()
    assert record.action == "end"
    assert record.diff == {"valid_until": ["2027-12-31", "2026-11-23"]}
    page = await (await signed_in.get("/admin/knowledge/digitalbonus-test")).text()
    assert "beendet" in page
    assert "Als beendet markieren" not in page


async def test_an_ended_entry_keeps_its_end_date(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    token = await page_token(signed_in, "/admin/knowledge/alter-beratungsscheck")
    response = await signed_in.post(
        "/admin/knowledge/alter-beratungsscheck/end", data={"csrf": token}
    )
    assert response.status == 400
    assert "Schon beendet: gültig bis 2024-12-31" in await response.text()
    entry = store(admin_settings).get("alter-beratungsscheck")
    assert entry is not None and entry.valid_until.isoformat() == "2024-12-31"  # type: ignore[union-attr]


async def test_an_entry_with_evidence_is_edited_without_losing_it(
    signed_in: TestClient, admin_settings: AdminSettings, embedder: QueryCachingEmbedder
) -> None:
    base = KnowledgeBase(admin_settings.knowledge, embedder)
    entry = base.store.get("digitalbonus-test")
    assert entry is not None
    evidence = [
        {"url": "https://example.org/call-2026", "year": 2026, "checked": "2026-11-20"},
        {"url": "https://example.org/faq", "year": 2025, "checked": "2026-11-20", "note": "FAQ"},
    ]
    dated = type(entry).model_validate({**entry_to_data(entry), "evidence": evidence})
    base.edit([dated], [], user="test", action="update")
    form = await edit_form(signed_in, admin_settings, "digitalbonus-test")
    assert form["evidence"].splitlines()[1] == "2025 | https://example.org/faq | 2026-11-20 | FAQ"
    form["max_amount_eur"] = "8000"
    response = await signed_in.post(
        "/admin/knowledge/digitalbonus-test/edit", data=form, allow_redirects=False
    )
    assert response.status == 303, await response.text()
    saved = store(admin_settings).get("digitalbonus-test")
    assert saved is not None and saved.evidence_year == 2026
    assert [item.url for item in saved.evidence] == [e["url"] for e in evidence]

    form = await edit_form(signed_in, admin_settings, "digitalbonus-test")
    form["evidence"] += "\nzwanzig | https://example.org/x | 2026-11-20"
    response = await signed_in.post("/admin/knowledge/digitalbonus-test/edit", data=form)
    assert response.status == 400
    assert "Zeile 3" in field_block(await response.text(), "evidence")


async def test_text_from_the_knowledge_is_escaped_on_every_page(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    form = await edit_form(signed_in, admin_settings, "digitalbonus-test")
    form["name"] = 'Bonus <script>alert(1)</script> "x"'
    response = await signed_in.post(
        "/admin/knowledge/digitalbonus-test/edit", data=form, allow_redirects=False
    )
    assert response.status == 303
    for path in ("", "/digitalbonus-test", "/digitalbonus-test/edit"):
        html = await (await signed_in.get(f"/admin/knowledge{path}")).text()
        assert "<script>alert" not in html, path
        assert "Bonus &lt;script&gt;alert(1)&lt;/script&gt;" in html, path
