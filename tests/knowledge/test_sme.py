import pytest

from knowledge.sme import Figures, is_sme_question, read_figures, size_verdict


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wir haben 120 Mitarbeiter und 25 Mio. € Umsatz", Figures(120, 25_000_000, None)),
        ("Umsatz 800.000 €, Bilanzsumme 1,2 Mio, 6 Leute", Figures(6, 800_000, 1_200_000)),
        ("balance sheet total of €44m, revenue €61 million", Figures(None, 61_000_000, 44_000_000)),
        ("Bilanzsumme bei 9 Mio, Umsatz bei 14 Mio", Figures(None, 14_000_000, 9_000_000)),
        ("thirty employees and twelve million euros turnover", Figures(30, 12_000_000, None)),
        ("Wir sind 12 Leute im Büro", Figures(12, None, None)),
    ],
)
def test_reads_staff_turnover_and_balance_sheet(text: str, expected: Figures) -> None:
    assert read_figures(text) == expected


@pytest.mark.parametrize(
    ("figures", "size"),
    [
        (Figures(4, 900_000, None), "micro"),
        (Figures(9, 2_500_000, 1_800_000), "micro"),  # one financial limit is enough
        (Figures(9, 2_500_000, 2_500_000), "small"),
        (Figures(49, 10_000_000, None), "small"),
        (Figures(50, 5_000_000, None), "medium"),
        (Figures(230, 60_000_000, 40_000_000), "medium"),
        (Figures(249, 55_000_000, 44_000_000), "large"),
        (Figures(250, 1_000_000, None), "large"),  # the staff limit always counts
        (Figures(None, 70_000_000, 50_000_000), "large"),
        (Figures(30, None, None), None),  # small by staff, the money is unknown
        (Figures(100, 70_000_000, None), None),  # the balance sheet may still fit
    ],
)
def test_decides_the_eu_size_class(figures: Figures, size: str | None) -> None:
    assert size_verdict(figures).size == size


def test_without_figures_every_class_is_explained() -> None:
    verdict = size_verdict(Figures())
    assert verdict.size is None
    assert "**Kleinstunternehmen**: weniger als 10 Beschäftigte" in verdict.de
    assert "höchstens 43 Mio. € Bilanzsumme" in verdict.de
    assert "**medium-sized enterprise**: fewer than 250 employees" in verdict.en


def test_the_verdict_shows_the_limits_with_the_firms_figures_and_the_partner_caveat() -> None:
    verdict = size_verdict(Figures(180, 52_000_000, 30_000_000))
    assert verdict.size == "medium"
    assert "weniger als 250 Beschäftigte (Sie: 180)" in verdict.de
    assert "höchstens 43 Mio. € Bilanzsumme (Sie: 30 Mio. €)" in verdict.de
    assert "at most €50 million annual turnover (you: €52 million)" in verdict.en
    assert "Partner- und verbundene Unternehmen" in verdict.de
    assert "partner and linked enterprises" in verdict.en


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Sind wir mit 60 Leuten noch ein KMU?", True),
        ("Do we still count as a medium-sized company?", True),
        ("Ist unser Hof ein Kleinstunternehmen?", True),
        ("Welche Förderung gibt es für eine Schreinerei?", False),
        ("Als Kleinunternehmer nach § 19 UStG – was gilt für E-Rechnungen?", False),
    ],
)
def test_recognises_questions_about_sme_status(text: str, asks: bool) -> None:
    assert is_sme_question(text) is asks
