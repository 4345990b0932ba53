import pytest

from members.models import MemberState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_shows_language_tabs_without_cdn_or_csp_errors(
    page, sign_in, secretariat_user, reference_data
):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on(
        "requestfinished",
        lambda request: (
            request.response().status >= 400
            and problems.append(f"{request.response().status} {request.url}")
        ),
    )
    page.on(
        "request",
        lambda request: (
            not request.url.startswith(page.base_url)
            and problems.append(f"outside request: {request.url}")
        ),
    )
    sign_in(secretariat_user)
    state = MemberState.objects.get(iso3="MAR")
    page.goto(f"{page.base_url}/en/admin/members/memberstate/{state.pk}/change/")
    # modeltranslation's jQuery UI tabs: one tab per language over the translated name.
    tabs = page.locator(".ui-tabs-nav li")
    tabs.first.wait_for()
    assert [t.strip().lower() for t in tabs.all_inner_texts()][:3] == ["ar", "en", "fr"]
    assert page.input_value("#id_name_ar") == "المغرب"
    assert problems == []
