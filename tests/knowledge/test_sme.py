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
    assert size_verdict(figures).code == size


def test_without_figures_the_classes_are_to_be_shown() -> None:
    verdict = size_verdict(Figures())
    assert (verdict.outcome, verdict.size, verdict.code) == ("classes", None, None)


def test_the_verdict_carries_the_class_and_the_figures_to_show_beside_its_limits() -> None:
    figures = Figures(180, 52_000_000, 30_000_000)
    verdict = size_verdict(figures)
    assert verdict.outcome == "fits"
    assert verdict.size is not None and verdict.size.code == "medium"
    assert (verdict.size.staff_below, verdict.size.max_balance_eur) == (250, 43_000_000)
    assert verdict.figures == figures


@pytest.mark.parametrize(
    ("figures", "outcome"),
    [
        (Figures(300, None, None), "large"),
        (Figures(30, None, None), "undecided"),
        (Figures(8, 1_500_000, None), "fits"),
    ],
)
def test_the_outcome_says_whether_the_figures_decide(figures: Figures, outcome: str) -> None:
    assert size_verdict(figures).outcome == outcome


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
