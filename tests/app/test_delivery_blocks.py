"""The Delivery group's blocks on their pages: register, quarterly cycle, voice form, board pack."""

from __future__ import annotations

from tests.app.conftest import page


def _texts(at) -> str:  # noqa: ANN001
    return " ".join([*(m.value for m in at.markdown), *(h.value for h in at.header), *(s.value for s in at.subheader)])


def test_the_register_section_is_on_the_disproportionality_page_without_forms_for_viewers() -> None:
    at = page("disproportionality")
    at.run()
    assert not at.exception
    assert "Explain or change: the disparity register" in _texts(at)
    assert not [f for f in at.get("form") if "register" in f.proto.form_id]


def test_the_action_plan_shows_the_quarterly_cycle_and_analysts_get_the_voice_form() -> None:
    at = page("action_plan", quarter="2025-Q3")
    at.run()
    assert not at.exception
    text = _texts(at)
    assert "Quarterly cycle" in text and "Changed since 2025-Q2" in text and "What each action serves" in text
    assert "Add young people's voice (analysts)" not in [e.label for e in at.expander]
    at = page("action_plan", analyst=True)
    at.run()
    assert not at.exception
    assert "Add young people's voice (analysts)" in [e.label for e in at.expander]


def test_the_meeting_pack_page_offers_a_board_pack() -> None:
    at = page("meeting_pack")
    at.run()
    assert not at.exception
    boards = next(s for s in at.selectbox if s.label == "Board")
    assert boards.options[0] == "Youth Justice Services Management Board"
