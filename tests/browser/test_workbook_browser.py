"""The reporting workbook in Chromium: a focal point downloads it, fills in two rows in "a spreadsheet"
(openpyxl, as the file would be edited offline) and the row of an action their ministry leads in an
adopted plan, uploads it, confirms and submits; the validator approves all three from one page.
One walk: every live-server test costs a flush of the database.
"""

import io
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook
from playwright.sync_api import expect

from institutions.models import Membership
from tests.factories import (
    AssignmentFactory,
    IndicatorFactory,
    InstitutionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)
from tests.plans.conftest import make_action, make_plan
from tracking.models import StatusUpdate
from tracking.workbook.writer import FIELD_COLUMN, FIRST_INDICATOR, KEY_HEADER

from .test_tracking_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fill_offline(path, rows: dict[str, dict]) -> bytes:
    """Type into the downloaded workbook's fill-in cells, as a person would, and save it."""
    workbook = load_workbook(path)
    sheet = next(s for s in workbook.worksheets if s.cell(1, 1).value == KEY_HEADER)
    for number in range(2, sheet.max_row + 1):
        cells = rows.get(sheet.cell(number, FIELD_COLUMN["reference"] + 1).value, {})
        for name, value in cells.items():
            column = FIRST_INDICATOR + 2 if name == "value1" else FIELD_COLUMN[name] + 1
            sheet.cell(number, column).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_focal_point_reports_two_rows_and_an_action_from_the_workbook_and_the_validator_approves_all(
    browser, live_server, tmp_path, assert_accessible
):
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MoJ")
    torture = RecommendationFactory(
        text="Establish an independent mechanism to investigate allegations of torture."
    )
    prisons = RecommendationFactory(text="Reduce overcrowding in prisons.")
    untouched = RecommendationFactory(text="Ratify the Optional Protocol to the Convention against Torture.")
    for recommendation in (torture, prisons, untouched):
        AssignmentFactory(recommendation=recommendation, institution=justice)
    IndicatorFactory(recommendation=torture, responsible_institution=justice, title="Complaints investigated")
    make_action(make_plan(), justice, [prisons], code="2.1", title="Open two prisons with open regimes")
    MembershipFactory(institution=justice, user=UserFactory(username="focal.justice"))
    validator = MembershipFactory(
        institution=justice, role=Membership.Role.VALIDATOR, user=UserFactory(username="validator.justice")
    ).user
    device = TOTPDevice.objects.create(user=validator, name="app")

    focal = sign_in(browser, live_server, "focal.justice")
    focal.get_by_role("link", name="Report with a workbook").first.click()
    expect(focal.get_by_role("heading", name="Report with a workbook")).to_be_visible()
    assert_accessible(focal)
    with focal.expect_download() as download:
        focal.get_by_role("button", name="Download (.xlsx)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    filled = fill_offline(
        path,
        {
            torture.public_id: {
                "status": "Partially implemented",
                "level": "Law",
                "narrative": "The oversight body was given powers to investigate.",
                "value1": 61,
            },
            prisons.public_id: {"status": "In progress", "narrative": "Two new open prisons."},
            "Action 2.1": {"status": "In progress", "narrative": "Sites chosen.", "amount_spent": 25000},
        },
    )
    assert load_workbook(io.BytesIO(filled)).worksheets[1].max_row == 5  # three recommendations, an action

    focal.get_by_label("Filled-in workbook (.xlsx)").set_input_files(
        [{"name": path.name, "mimeType": "application/octet-stream", "buffer": filled}]
    )
    focal.get_by_role("button", name="Preview").click()
    expect(focal.locator("#count-create")).to_have_text("3")
    expect(focal.locator("#count-unchanged")).to_have_text("1")
    expect(focal.locator("#preview")).to_contain_text(torture.public_id)
    expect(focal.locator("#preview")).to_contain_text("Action 2.1")
    assert_accessible(focal)
    assert not StatusUpdate.objects.exists()
    focal.get_by_role("button", name="Confirm: save as drafts").click()
    expect(focal.get_by_text("3 drafts saved")).to_be_visible()
    assert set(StatusUpdate.objects.values_list("state", flat=True)) == {StatusUpdate.State.DRAFT}
    focal.get_by_role("button", name="Submit these drafts").click()
    expect(focal.get_by_text("3 drafts submitted for validation.")).to_be_visible()

    approver = sign_in(browser, live_server, "validator.justice", device)
    approver.get_by_role("link", name="Report with a workbook").first.click()
    approver.get_by_role("link", name=re.compile(re.escape(path.name))).click()
    expect(approver.get_by_role("heading", name=re.compile("Review a workbook"))).to_be_visible()
    expect(approver.locator("#review")).to_contain_text("Two new open prisons.")
    expect(approver.locator("#review")).to_contain_text("Nothing published yet")
    expect(approver.locator("#review")).to_contain_text("Sites chosen.")
    assert_accessible(approver)
    for update in StatusUpdate.objects.all():
        approver.get_by_label(f"Choose {update.subject_code}").check()
    approver.get_by_role("button", name="Approve the chosen ones").click()
    expect(approver.get_by_text("3 updates approved.")).to_be_visible()
    assert set(StatusUpdate.objects.values_list("state", flat=True)) == {StatusUpdate.State.APPROVED}
    value = StatusUpdate.objects.get(recommendation=torture).indicator_values.get()
    assert value.value == 61
    assert StatusUpdate.objects.get(action__code="2.1").amount_spent == 25000
