"""The one redaction function: rules registered by apps decide how people appear per audience,
unknown people are withheld, and nothing unredacted can be rendered."""

from __future__ import annotations

import pytest

from vigil.core import crypto, hooks, redaction
from vigil.core.redaction import (
    MENTION_STAFF,
    Audience,
    BulletList,
    DocumentData,
    Item,
    Letterhead,
    Mention,
    Paragraph,
    RedactionContext,
    Row,
    Section,
    Table,
    plain_text,
    redact,
)
from vigil.core.rendering import render_docx

LEADER = Mention(
    kind=MENTION_STAFF,
    name="Oyun Batbold",
    role="Team leader",
    named_as="Oyun Batbold (Team leader)",
    ref="core.user:1",
)
INTERVIEWEE = Mention(kind="interviewee", name="Tserendorj Ganbaatar", pseudonym="P-014")


def _document() -> DocumentData:
    return DocumentData(
        title="Report",
        letterhead=Letterhead("Institution A", "Republic of Meridia", "NPM"),
        sections=[
            Section(
                "Summary",
                blocks=[Paragraph(["Team: ", LEADER, "."])],
                sections=[
                    Section(
                        "Interviews",
                        blocks=[
                            BulletList(
                                items=[
                                    Item([INTERVIEWEE, " described the cell."], "people.i:1"),
                                    Item(["A refused interview."], "people.i:2"),
                                ]
                            ),
                            Table(["Name"], [Row([[INTERVIEWEE]], source="people.i:1")]),
                        ],
                    ),
                    Section("Dropped", source="people.case:9"),
                ],
            )
        ],
    )


def _text(document: DocumentData) -> str:
    return "\n".join(plain_text(runs) for runs in document.all_runs())


class _Rules:
    """Registers redaction rules for one test only."""

    def __init__(self) -> None:
        self.added: list[object] = []

    def register(self, rule, order: int = 50) -> None:  # type: ignore[no-untyped-def]
        hooks.register(hooks.REDACTION_RULE, rule, order=order)
        self.added.append(rule)


@pytest.fixture
def rules():
    """Rules registered for one test only: the platform's own rules stay, the apps' go."""
    apps_rules = [
        rule
        for rule in hooks.get_hooks(hooks.REDACTION_RULE)
        if rule.__module__ != redaction.__name__
    ]
    for rule in apps_rules:
        hooks.unregister(hooks.REDACTION_RULE, rule)
    registry = _Rules()
    yield registry
    for rule in registry.added:
        hooks.unregister(hooks.REDACTION_RULE, rule)
    for rule in apps_rules:
        hooks.register(hooks.REDACTION_RULE, rule)


@pytest.mark.parametrize("audience", ["internal", "authorities", "spt"])
def test_staff_are_named_for_confidential_audiences(personas, audience):
    text = _text(redact(_document(), reader=personas.monitor, audience=audience))
    assert "Team: Oyun Batbold (Team leader)." in text


def test_staff_are_shown_by_their_role_in_public(personas):
    text = _text(redact(_document(), reader=personas.monitor, audience="public"))
    assert "Team: Team leader." in text
    assert "Oyun" not in text and "Batbold" not in text


def test_a_person_no_rule_allows_is_withheld_by_pseudonym(personas):
    # The mention names no consent record, so no rule discloses it: the name must not appear.
    redacted = redact(_document(), reader=personas.monitor, audience="internal")
    text = _text(redacted)
    assert "Tserendorj" not in text and "P-014 described the cell." in text


def test_withheld_falls_back_to_role_then_to_a_neutral_word():
    assert Mention(kind="x", name="N", role="Interpreter").withheld() == "Interpreter"
    assert Mention(kind="x", name="N").withheld() == "a person"


def test_apps_register_rules_that_disclose_replace_or_drop(personas, rules):
    def consent(document: DocumentData, context: RedactionContext) -> None:
        document.map_mentions(
            lambda m: (
                m.disclose()
                if m.kind == "interviewee" and context.audience == Audience.INTERNAL
                else m
            )
        )
        if context.audience != Audience.INTERNAL:
            document.drop(lambda source: source.startswith("people.case:"))

    rules.register(consent)
    rules.register(consent)  # twice: still one rule
    assert redaction.redaction_rules().count(consent) == 1

    internal = redact(_document(), reader=personas.monitor, audience="internal")
    assert "Tserendorj Ganbaatar described the cell." in _text(internal)
    assert [s.title for s in internal.sections[0].sections] == ["Interviews", "Dropped"]

    authorities = redact(_document(), reader=personas.monitor, audience="authorities")
    assert "Tserendorj" not in _text(authorities)
    assert [s.title for s in authorities.sections[0].sections] == ["Interviews"]


def test_a_stricter_rule_wins_over_a_later_disclosure(personas, rules):
    def pseudonymise_first(document: DocumentData, context: RedactionContext) -> None:
        document.map_mentions(lambda m: m.show_as("T-1") if m.kind == MENTION_STAFF else m)

    rules.register(pseudonymise_first, order=0)
    text = _text(redact(_document(), reader=personas.monitor, audience="internal"))
    assert "Team: T-1." in text


def test_drop_removes_list_items_and_table_rows_by_source(personas, rules):
    rules.register(lambda document, context: document.drop(lambda source: source == "people.i:1"))
    redacted = redact(_document(), reader=personas.monitor, audience="internal")
    interviews = redacted.sections[0].sections[0]
    [listed, table] = interviews.blocks
    assert isinstance(listed, BulletList) and isinstance(table, Table)
    assert [plain_text(i.runs) for i in listed.items] == ["A refused interview."]
    assert table.rows == []


def test_redact_leaves_the_original_alone_and_marks_its_copy(personas):
    original = _document()
    redacted = redact(original, reader=personas.monitor, audience="public")
    assert original.redacted_for == "" and redacted.redacted_for == "public"
    assert LEADER in original.sections[0].blocks[0].runs  # type: ignore[union-attr]


def test_redact_refuses_unknown_audiences_double_redaction_and_inactive_readers(personas):
    with pytest.raises(ValueError, match="Unknown audience"):
        redact(_document(), reader=personas.monitor, audience="press")
    once = redact(_document(), reader=personas.monitor, audience="internal")
    with pytest.raises(ValueError, match="already redacted"):
        redact(once, reader=personas.monitor, audience="public")
    personas.viewer.is_active = False
    with pytest.raises(ValueError, match="inactive"):
        redact(_document(), reader=personas.viewer, audience="internal")


def test_renderers_refuse_a_document_that_skipped_redaction():
    with pytest.raises(ValueError, match="redact"):
        render_docx(_document())
    with pytest.raises(TypeError):
        plain_text(["Team: ", LEADER])


def test_confidentiality_notice_names_the_audience():
    assert "Internal document of Institution A" in redaction.confidentiality_notice(
        "internal", institution="Institution A"
    )
    assert "Public version" in redaction.confidentiality_notice("public", institution="A")


# --- encrypted bytes (generated documents) -------------------------------------------


def test_bytes_round_trip_and_carry_their_key_id():
    sealed = crypto.encrypt_bytes(b"%PDF-1.7 report", context="doc:1:2")
    assert sealed.startswith(b"v1:t1:") and b"%PDF" not in sealed
    assert crypto.key_id_of_bytes(sealed) == "t1"
    assert crypto.decrypt_bytes(sealed, context="doc:1:2") == b"%PDF-1.7 report"


def test_bytes_moved_to_another_record_or_altered_do_not_decrypt():
    sealed = crypto.encrypt_bytes(b"report", context="doc:1:2")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(sealed, context="doc:1:3")
    altered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(altered, context="doc:1:2")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(b"%PDF plain", context="doc:1:2")


def test_key_rotation_re_encrypts_generated_documents(personas, settings):
    import base64
    import io

    from django.core.management import call_command

    from vigil.core.keys import values_not_on_active_key
    from vigil.core.models import GeneratedDocument
    from vigil.core.services.documents import document_store

    stored = [
        document_store(
            actor=personas.monitor,
            title=f"Report {n}",
            filename=f"report-{n}.pdf",
            content_type="application/pdf",
            content=f"%PDF report {n}".encode(),
            audience="internal",
        )
        for n in range(3)
    ]
    key_1 = "t1:" + base64.b64encode(b"test-data-key-1-thirty-two-bytes").decode()
    key_2 = "t2:" + base64.b64encode(b"test-data-key-2-thirty-two-bytes").decode()
    settings.VIGIL_DATA_KEYS = f"{key_2},{key_1}"
    assert values_not_on_active_key() == 3
    call_command("keys", "rotate", "--batch-size", "2", stdout=io.StringIO())
    assert values_not_on_active_key() == 0
    settings.VIGIL_DATA_KEYS = key_2
    for n, document in enumerate(stored):
        fresh = GeneratedDocument.objects.get(pk=document.pk)
        assert fresh.key_id == "t2" and bytes(fresh.content).startswith(b"v1:t2:")
        plain = crypto.decrypt_bytes(bytes(fresh.content), context=fresh.encryption_context)
        assert plain == f"%PDF report {n}".encode()
