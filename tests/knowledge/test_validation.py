"""The validation the command line and the staff console share."""

import pytest

from knowledge.base import KnowledgeBase
from knowledge.content import ContentError, entry_to_data
from knowledge.validation import existing_ids, validate_entry


def test_an_entry_is_checked_against_the_ids_in_the_base(base: KnowledgeBase) -> None:
    base.ensure()
    entry = base.store.get("alter-beratungsscheck")
    assert entry is not None
    data = entry_to_data(entry)
    assert validate_entry("programme", data, base.store, "test").id == entry.id
    with pytest.raises(ContentError) as error:
        validate_entry("programme", {**data, "successor": "gibt-es-nicht"}, base.store, "test")
    assert [problem.field for problem in error.value.problems] == ["successor"]


def test_a_base_not_yet_built_has_no_ids(base: KnowledgeBase) -> None:
    assert existing_ids(base.store) == set()
    base.ensure()
    assert "forschung-bund" in existing_ids(base.store)
