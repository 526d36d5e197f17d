"""The SME check in words: knowledge.sme decides, actions.render.sme_text words it from the
catalogue's sme.* keys. The texts are the ones knowledge.sme built itself before the wording
moved to the catalogue (issue #16), letter for letter."""

import pytest

from actions.render import euros_short, sme_text
from knowledge.sme import Figures, size_verdict


@pytest.mark.parametrize(
    ("figures", "language", "expected"),
    [
        (
            Figures(8, 1500000, None),
            "de",
            (
                "Nach Ihren Angaben sind Sie nach der EU-Definition ein **Kleinstunternehmen** "
                "und damit ein KMU: weniger als 10 Beschäftigte (Sie: 8) und höchstens 2 Mio. € "
                "Jahresumsatz (Sie: 1,5 Mio. €) oder höchstens 2 Mio. € Bilanzsumme – eine der "
                "beiden Finanzgrenzen genügt. Hält ein anderes Unternehmen 25 % oder mehr an "
                "Ihrem Betrieb (oder Sie an einem anderen), zählen dessen Zahlen anteilig oder "
                "ganz mit (Partner- und verbundene Unternehmen); der Status ändert sich erst, "
                "wenn die Grenzen zwei Geschäftsjahre in Folge über- oder unterschritten werden."
            ),
        ),
        (
            Figures(8, 1500000, None),
            "en",
            (
                "From your figures you are a **micro enterprise** under the EU definition, and so"
                " an SME: fewer than 10 employees (you: 8) and at most €2 million annual turnover"
                " (you: €1.5 million) or at most €2 million balance sheet total – meeting one of "
                "the two financial limits is enough. If another company holds 25 % or more of "
                "your firm (or you of another), its figures count pro rata or in full (partner "
                "and linked enterprises); the status only changes once the limits are crossed in "
                "two consecutive financial years."
            ),
        ),
        (
            Figures(210, 38000000, 47000000),
            "de",
            (
                "Nach Ihren Angaben sind Sie nach der EU-Definition ein **mittleres Unternehmen**"
                " und damit ein KMU: weniger als 250 Beschäftigte (Sie: 210) und höchstens 50 "
                "Mio. € Jahresumsatz (Sie: 38 Mio. €) oder höchstens 43 Mio. € Bilanzsumme (Sie: "
                "47 Mio. €) – eine der beiden Finanzgrenzen genügt. Hält ein anderes Unternehmen "
                "25 % oder mehr an Ihrem Betrieb (oder Sie an einem anderen), zählen dessen "
                "Zahlen anteilig oder ganz mit (Partner- und verbundene Unternehmen); der Status "
                "ändert sich erst, wenn die Grenzen zwei Geschäftsjahre in Folge über- oder "
                "unterschritten werden."
            ),
        ),
        (
            Figures(210, 38000000, 47000000),
            "en",
            (
                "From your figures you are a **medium-sized enterprise** under the EU definition,"
                " and so an SME: fewer than 250 employees (you: 210) and at most €50 million "
                "annual turnover (you: €38 million) or at most €43 million balance sheet total "
                "(you: €47 million) – meeting one of the two financial limits is enough. If "
                "another company holds 25 % or more of your firm (or you of another), its figures"
                " count pro rata or in full (partner and linked enterprises); the status only "
                "changes once the limits are crossed in two consecutive financial years."
            ),
        ),
        (
            Figures(300, None, None),
            "de",
            (
                "Nach Ihren Angaben sind Sie nach der EU-Definition **kein KMU**: Ein KMU hat "
                "weniger als 250 Beschäftigte (Sie: 300) und höchstens 50 Mio. € Jahresumsatz "
                "oder höchstens 43 Mio. € Bilanzsumme. Hält ein anderes Unternehmen 25 % oder "
                "mehr an Ihrem Betrieb (oder Sie an einem anderen), zählen dessen Zahlen anteilig"
                " oder ganz mit (Partner- und verbundene Unternehmen); der Status ändert sich "
                "erst, wenn die Grenzen zwei Geschäftsjahre in Folge über- oder unterschritten "
                "werden."
            ),
        ),
        (
            Figures(300, None, None),
            "en",
            (
                "From your figures you are **not an SME** under the EU definition: an SME has "
                "fewer than 250 employees (you: 300) and at most €50 million annual turnover or "
                "at most €43 million balance sheet total. If another company holds 25 % or more "
                "of your firm (or you of another), its figures count pro rata or in full (partner"
                " and linked enterprises); the status only changes once the limits are crossed in"
                " two consecutive financial years."
            ),
        ),
        (
            Figures(None, None, None),
            "de",
            (
                "Nach der EU-Definition: **Kleinstunternehmen**: weniger als 10 Beschäftigte und "
                "höchstens 2 Mio. € Jahresumsatz oder höchstens 2 Mio. € Bilanzsumme; **kleines "
                "Unternehmen**: weniger als 50 Beschäftigte und höchstens 10 Mio. € Jahresumsatz "
                "oder höchstens 10 Mio. € Bilanzsumme; **mittleres Unternehmen**: weniger als 250"
                " Beschäftigte und höchstens 50 Mio. € Jahresumsatz oder höchstens 43 Mio. € "
                "Bilanzsumme. Darüber ist ein Unternehmen kein KMU. Hält ein anderes Unternehmen "
                "25 % oder mehr an Ihrem Betrieb (oder Sie an einem anderen), zählen dessen "
                "Zahlen anteilig oder ganz mit (Partner- und verbundene Unternehmen); der Status "
                "ändert sich erst, wenn die Grenzen zwei Geschäftsjahre in Folge über- oder "
                "unterschritten werden."
            ),
        ),
        (
            Figures(None, None, None),
            "en",
            (
                "Under the EU definition: **micro enterprise**: fewer than 10 employees and at "
                "most €2 million annual turnover or at most €2 million balance sheet total; "
                "**small enterprise**: fewer than 50 employees and at most €10 million annual "
                "turnover or at most €10 million balance sheet total; **medium-sized "
                "enterprise**: fewer than 250 employees and at most €50 million annual turnover "
                "or at most €43 million balance sheet total. Above that a firm is not an SME. If "
                "another company holds 25 % or more of your firm (or you of another), its figures"
                " count pro rata or in full (partner and linked enterprises); the status only "
                "changes once the limits are crossed in two consecutive financial years."
            ),
        ),
    ],
)
def test_the_verdict_reads_as_before(figures: Figures, language: str, expected: str) -> None:
    assert sme_text(size_verdict(figures), language) == expected


def test_without_figures_every_class_is_explained() -> None:
    verdict = size_verdict(Figures())
    de, en = sme_text(verdict, "de"), sme_text(verdict, "en")
    assert "**Kleinstunternehmen**: weniger als 10 Beschäftigte" in de
    assert "höchstens 43 Mio. € Bilanzsumme" in de
    assert "**medium-sized enterprise**: fewer than 250 employees" in en


def test_the_verdict_shows_the_limits_with_the_firms_figures_and_the_partner_caveat() -> None:
    verdict = size_verdict(Figures(180, 52_000_000, 30_000_000))
    de, en = sme_text(verdict, "de"), sme_text(verdict, "en")
    assert "**mittleres Unternehmen**" in de
    assert "weniger als 250 Beschäftigte (Sie: 180)" in de
    assert "höchstens 43 Mio. € Bilanzsumme (Sie: 30 Mio. €)" in de
    assert "at most €50 million annual turnover (you: €52 million)" in en
    assert "Partner- und verbundene Unternehmen" in de
    assert "partner and linked enterprises" in en


def test_an_undecided_verdict_names_the_sme_limits() -> None:
    verdict = size_verdict(Figures(100, 70_000_000, None))
    assert sme_text(verdict, "de").startswith(
        "Ein KMU nach der EU-Definition hat weniger als 250 Beschäftigte (Sie: 100)"
    )
    assert "your figures do not quite decide it yet" in sme_text(verdict, "en")


@pytest.mark.parametrize(
    ("amount", "language", "expected"),
    [
        (1_500_000, "de", "1,5 Mio. €"),
        (1_500_000, "en", "€1.5 million"),
        (43_000_000, "de", "43 Mio. €"),
        (600_000, "de", "600.000 €"),
        (600_000, "en", "€600,000"),
    ],
)
def test_amounts_of_a_million_or_more_are_shortened(
    amount: int, language: str, expected: str
) -> None:
    assert euros_short(amount, language) == expected
