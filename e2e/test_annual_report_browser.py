"""The annual report in a real browser: a commissioner starts the report of a year, writes
the foreword in the rich-text editor, sends the report for review, approves it, and downloads
the DOCX the background worker wrote."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, Worker, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.reports.models import AnnualReport, ChapterRevision

pytestmark = pytest.mark.browser

FOREWORD = "This year our teams went unannounced to every police lock-up of the capital."
JOB_TIMEOUT_MS = 30_000


def test_write_a_chapter_send_for_review_approve_and_download(
    live_server: LiveServer,
    page: Page,
    page_problems: PageProblems,
    background_worker: Worker,
    tmp_path: Path,
) -> None:
    commissioner = factories.MembershipFactory.create(
        role=Role.COMMISSIONER, user=factories.UserFactory.create(full_name="Bayani Santos")
    )
    sign_in(page, live_server.url, commissioner.user, factories.PASSWORD)

    page.get_by_role("navigation").get_by_role("link", name="Annual report").click()
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual report 2026")

    # The foreword, written in the editor with a bold word.
    page.get_by_role("link", name="Foreword").click()
    editor = page.get_by_role("textbox", name="Text of the chapter")
    editor.click()
    page.get_by_role("button", name="Bold").click()
    page.keyboard.type("Foreword. ")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.type(FOREWORD)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The chapter's draft is saved.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Text of the chapter")).to_contain_text(FOREWORD)
    revision = ChapterRevision.objects.get()
    assert FOREWORD in revision.body and "<b>Foreword. </b>" in revision.body.replace("strong", "b")

    # Review, then approval.
    page.get_by_role("link", name="Annual report 2026").click()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("The report is sent for review.")).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("The report is approved; its figures are frozen.")).to_be_visible()
    assert AnnualReport.objects.get().status == AnnualReport.Status.APPROVED

    # The Word file, written in the background.
    page.get_by_label("Word (DOCX)").check()
    page.get_by_role("button", name="Generate").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    link = page.get_by_role("link", name="Download")
    expect(link).to_be_visible(timeout=JOB_TIMEOUT_MS)
    with page.expect_download() as info:
        link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "1. Foreword" in text and FOREWORD in text
    assert "2. The mandate and the places under it" in text

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
