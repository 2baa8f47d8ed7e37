"""The write contract every service follows: one error type, one permission guard, one
adapter onto forms, one update helper."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIRequestFactory

from common.api.errors import api_exception_handler
from common.errors import NON_FIELD, ApplicationError
from common.forms import add_service_errors
from common.models import Role, User
from common.permissions import Action, Area, can, ensure_can
from common.services.updates import model_update
from common.tests.geo_factories import CommunityFactory

# --- ApplicationError ----------------------------------------------------------------------


def test_an_application_error_merges_its_field_into_its_fields():
    error = ApplicationError("Too many.", field="households", fields={"name": ["Say a name."]})
    assert error.fields == {"households": ["Too many."], "name": ["Say a name."]}
    assert str(error) == "Too many."


def test_an_application_error_without_fields_has_an_empty_fields_dict():
    assert ApplicationError("No.").fields == {}


def test_a_model_validation_error_becomes_an_application_error_with_the_same_fields():
    error = ApplicationError.from_validation_error(ValidationError({"name": ["Required."]}))
    assert error.fields == {"name": ["Required."]}
    assert error.message == "Required."
    loose = ApplicationError.from_validation_error(ValidationError("Broken."))
    assert loose.fields == {NON_FIELD: ["Broken."]}


def _handled(exc):
    request = APIRequestFactory().post("/api/v1/internal/anything/")
    return api_exception_handler(exc, {"request": request, "view": None})


def test_the_api_answers_an_application_error_with_400_naming_every_field():
    response = _handled(ApplicationError("Fix these.", field="a", fields={"b": ["Bad b."]}))
    assert response.status_code == 400
    assert response.data == {
        "message": "Fix these.",
        "extra": {"fields": {"a": ["Fix these."], "b": ["Bad b."]}},
    }


def test_the_api_puts_an_error_on_no_field_under_non_field_errors():
    response = _handled(ApplicationError("Closed.", fields={NON_FIELD: ["Closed."]}))
    assert response.data["extra"]["fields"] == {"non_field_errors": ["Closed."]}


def test_the_api_answers_a_fieldless_application_error_with_its_message_and_extra():
    response = _handled(ApplicationError("No.", extra={"code": "closed"}))
    assert response.status_code == 400
    assert response.data == {"message": "No.", "extra": {"code": "closed"}}


# --- add_service_errors -------------------------------------------------------------------------


class _NameForm(forms.Form):
    name = forms.CharField()


def test_service_errors_land_on_the_field_the_form_has_and_above_the_form_otherwise():
    form = _NameForm(data={"name": "x"})
    form.is_valid()
    add_service_errors(form, ApplicationError("Taken.", field="name", fields={"slug": ["Slug taken."]}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Slug taken."]


def test_a_service_refusal_on_no_field_shows_its_message_above_the_form():
    form = _NameForm(data={"name": "x"})
    form.is_valid()
    add_service_errors(form, ApplicationError("The service is closed."))
    assert form.non_field_errors() == ["The service is closed."]


def test_a_model_validation_error_lands_on_the_form_the_same_way():
    form = _NameForm(data={"name": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError({"name": ["Too short."], "other": ["Elsewhere."]}))
    assert form.errors["name"] == ["Too short."]
    assert form.non_field_errors() == ["Elsewhere."]


# --- can / ensure_can --------------------------------------------------------------------------


def _user(role, organization_id=None, pk=None):
    return User(pk=pk, role=role, organization_id=organization_id, is_active=True)


def test_staff_may_change_the_registry_for_every_mao_and_the_whole_area():
    staff = _user(Role.OOBC_STAFF)
    assert can(staff, Area.REGISTRY, Action.CHANGE, organization_id=7)
    assert can(staff, Area.REGISTRY, Action.CHANGE)
    assert not can(staff, Area.REGISTRY, Action.MANAGE)


def test_a_focal_person_may_change_only_for_their_own_mao():
    focal = _user(Role.MAO_FOCAL, organization_id=7)
    assert can(focal, Area.REGISTRY, Action.CHANGE, organization_id=7)
    assert not can(focal, Area.REGISTRY, Action.CHANGE, organization_id=8)
    assert not can(focal, Area.REGISTRY, Action.CHANGE)  # the whole register is not theirs


def test_a_community_leader_may_change_only_their_own_rows_in_the_portal():
    leader = _user(Role.COMMUNITY_LEADER, pk=3)
    assert can(leader, Area.PORTAL, Action.CHANGE, owner_id=3)
    assert not can(leader, Area.PORTAL, Action.CHANGE, owner_id=4)
    assert not can(leader, Area.CATALOG, Action.CHANGE)


def test_the_ocm_executive_reads_but_never_writes():
    ocm = _user(Role.OCM_EXECUTIVE)
    assert can(ocm, Area.DASHBOARD)
    assert not can(ocm, Area.REGISTRY, Action.CHANGE, organization_id=7)


def test_nobody_without_a_role_or_signed_out_may_do_anything():
    from django.contrib.auth.models import AnonymousUser

    assert not can(AnonymousUser(), Area.CATALOG)
    assert not can(_user(""), Area.CATALOG)
    assert not can(None, Area.CATALOG)


def test_ensure_can_refuses_with_the_given_message():
    focal = _user(Role.MAO_FOCAL, organization_id=7)
    ensure_can(focal, Area.CATALOG, Action.CHANGE, organization_id=7)
    with pytest.raises(PermissionDenied, match="own MAO"):
        ensure_can(focal, Area.CATALOG, Action.CHANGE, organization_id=8, message="Only your own MAO.")


# --- model_update --------------------------------------------------------------------------------


def test_model_update_saves_only_the_fields_that_changed(db):
    community = CommunityFactory(households=160, name="Old name")
    community, changed = model_update(
        instance=community,
        data={"households": 200, "name": "Old name"},
        allowed_fields={"households", "name"},
    )
    assert changed
    community.refresh_from_db()
    assert community.households == 200


def test_model_update_writes_nothing_when_no_value_changes(db, django_assert_num_queries):
    community = CommunityFactory(households=160)
    with django_assert_num_queries(0):
        _, changed = model_update(instance=community, data={"households": 160}, allowed_fields={"households"})
    assert not changed


def test_model_update_refuses_a_field_it_was_not_allowed_to_set(db):
    community = CommunityFactory()
    with pytest.raises(TypeError):
        model_update(instance=community, data={"region": None}, allowed_fields={"households"})


def test_model_update_reports_a_refused_value_on_its_field_and_saves_nothing(db):
    community = CommunityFactory(name="Kept")
    with pytest.raises(ApplicationError) as refused:
        model_update(instance=community, data={"name": ""}, allowed_fields={"name"})
    assert "name" in refused.value.fields
    community.refresh_from_db()
    assert community.name == "Kept"


def test_an_error_on_a_hidden_field_shows_above_the_form():
    class _HiddenForm(forms.Form):
        token = forms.CharField(widget=forms.HiddenInput)

    form = _HiddenForm(data={"token": "x"})
    form.is_valid()
    add_service_errors(form, ApplicationError("Expired.", field="token"))
    assert form.non_field_errors() == ["Expired."]
