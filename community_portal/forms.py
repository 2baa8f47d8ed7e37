"""Forms of the portal: input shape only; the rules live in the services."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from common.auth import VerifiedEmailAuthenticationForm
from common.dates import SaneDateTimeFormField
from common.models import Community, Region, Sector
from community_portal.csm import CC1_CHOICES, CC2_CHOICES, CC3_CHOICES, CC_QUESTIONS, SQD_QUESTIONS, SQD_SCALE
from community_portal.models import CommunityRole, RequestKind
from community_portal.privacy import PORTAL_PRIVACY_NOTICE_VERSION
from coordination.models import Organization, OrganizationKind
from service_catalog.models import EntryStatus, ServiceCatalogEntry
from service_catalog.validators import reject_html


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS and from the tab order); bots fill it in."""

    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off", "class": "cp-hp-input"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class PortalSignInForm(VerifiedEmailAuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A registered leader's username is the address they registered with; accounts made
        # by OOBC (the demo's `leader`) have a plain username. Django's own label would be the
        # model's untranslated "username".
        self.fields["username"].label = _("Email address or username")


class RegistrationForm(HoneypotMixin):
    full_name = forms.CharField(label=_("Your full name"), max_length=150, validators=[reject_html])
    email = forms.EmailField(label=_("Email address"), max_length=254)
    phone = forms.RegexField(
        label=_("Mobile number (optional)"),
        regex=r"^\+?[0-9][0-9 ()-]{5,30}$",
        required=False,
        help_text=_("For text messages about your requests."),
        error_messages={"invalid": _("Enter a phone number of digits, spaces or dashes.")},
    )
    community_query = forms.CharField(
        label=_("Find your community"),
        required=False,
        help_text=_("Type the barangay or municipality, then choose your community."),
    )
    community = forms.ModelChoiceField(
        label=_("The OBC community you speak for"),
        queryset=Community.objects.none(),
        to_field_name="uid",
        empty_label=_("Search first, then choose"),
    )
    community_role = forms.ChoiceField(label=_("Your role in the community"), choices=CommunityRole.choices)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)
    privacy_notice_version = forms.CharField(widget=forms.HiddenInput, initial=PORTAL_PRIVACY_NOTICE_VERSION)
    consent = forms.BooleanField(label=_("I have read the privacy notice and agree to it."))

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (
            communities if communities is not None else Community.objects.all()
        )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you asking for?"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    service = forms.ModelChoiceField(
        label=_("Service of the catalog"),
        queryset=ServiceCatalogEntry.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("None: it is not in the catalog"),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("Choose…")), *Sector.choices], required=False
    )
    title = forms.CharField(label=_("In a few words"), max_length=200, validators=[reject_html])
    details = forms.CharField(
        label=_("What does your community need, and why?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[reject_html],
    )
    beneficiaries = forms.IntegerField(
        label=_("How many people would benefit?"), min_value=1, max_value=100_000, initial=1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            ServiceCatalogEntry.objects.filter(status=EntryStatus.PUBLISHED, accepting_requests=True)
            .select_related("mao")
            .order_by("title")
        )
        self.fields["service"].label_from_instance = lambda entry: (
            f"{entry.title} ({entry.mao.acronym or entry.mao.name})"
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[reject_html],
    )
    attachments = forms.FileField(
        label=_("Photos or PDF (up to 3, 5 MB each)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )


class FeedbackForm(HoneypotMixin):
    """The ARTA CSM questionnaire. Ratings are radio buttons with an explicit N/A."""

    cc1 = forms.TypedChoiceField(
        label=CC_QUESTIONS["cc1"], choices=CC1_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    cc2 = forms.TypedChoiceField(
        label=CC_QUESTIONS["cc2"], choices=CC2_CHOICES, coerce=int, required=False, widget=forms.RadioSelect
    )
    cc3 = forms.TypedChoiceField(
        label=CC_QUESTIONS["cc3"], choices=CC3_CHOICES, coerce=int, required=False, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Suggestions on how we can further improve our services (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_html],
    )
    anonymous = forms.BooleanField(label=_("Send without my name"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question in SQD_QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(
                label=question,
                choices=[*[(str(value), label) for value, label in SQD_SCALE], ("na", _("Not applicable"))],
                widget=forms.RadioSelect,
                required=False,
            )
        order = ["cc1", "cc2", "cc3", *SQD_QUESTIONS, "comment", "anonymous", "website"]
        self.order_fields(order)

    def sqd_fields(self):
        return [self[name] for name in SQD_QUESTIONS]

    def answers(self) -> dict:
        return {name: self.data.get(name, "") for name in ["cc1", "cc2", "cc3", *SQD_QUESTIONS, "comment"]}


class CommentForm(HoneypotMixin):
    question = forms.ModelChoiceField(
        label=_("About"), queryset=None, required=False, empty_label=_("The consultation as a whole")
    )
    body = forms.CharField(
        label=_("Your comment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[reject_html],
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = consultation.questions.all()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Verify")), ("reject", _("Refuse"))])
    reason = forms.CharField(
        label=_("Reason (told to the person)"), required=False, max_length=500, validators=[reject_html]
    )


class HideForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", _("Hide")), ("unhide", _("Show again"))])
    reason = forms.CharField(
        label=_("Reason shown in place of the comment"),
        required=False,
        max_length=300,
        validators=[reject_html],
    )


class ObcTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), required=False)
    mao = forms.ModelChoiceField(
        label=_("Route to MAO"),
        queryset=Organization.objects.filter(kind=OrganizationKind.MAO).order_by("name"),
        required=False,
        to_field_name="uid",
    )
    public_note = forms.CharField(
        label=_("Note to the requester"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        label=_("Internal note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [("", _("Keep the status")), *statuses]


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=300)
    body = forms.CharField(
        label=_("What the consultation is about"), widget=forms.Textarea(attrs={"rows": 8})
    )
    opens_at = SaneDateTimeFormField(
        label=_("Comments open"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = SaneDateTimeFormField(
        label=_("Comments close"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    questions = forms.CharField(
        label=_("Questions (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions concerned"), queryset=Region.objects.order_by("psgc_code"), required=False
    )
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities concerned"),
        queryset=Community.objects.order_by("name"),
        required=False,
        to_field_name="uid",
    )
    open_to_all_accounts = forms.BooleanField(
        label=_("Anyone with a confirmed account may comment"), required=False
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=200)
    file = forms.FileField(label=_("PDF or image"))


class WhatWeHeardForm(forms.Form):
    intro = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}))

    THEMES = 5

    def __init__(self, *args, comments=(), **kwargs):
        super().__init__(*args, **kwargs)
        comment_choices = [(str(comment.uid), comment.body[:80]) for comment in comments]
        for number in range(1, self.THEMES + 1):
            required = number == 1
            self.fields[f"theme{number}_title"] = forms.CharField(
                label=_("Theme title"), required=required, max_length=200
            )
            self.fields[f"theme{number}_summary"] = forms.CharField(
                label=_("What we heard"), required=required, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"theme{number}_response"] = forms.CharField(
                label=_("OOBC's response"), required=required, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"theme{number}_comments"] = forms.MultipleChoiceField(
                label=_("Comments behind it"),
                choices=comment_choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def theme_groups(self):
        return [
            [self[f"theme{number}_{part}"] for part in ("title", "summary", "response", "comments")]
            for number in range(1, self.THEMES + 1)
        ]

    def themes(self) -> list[dict]:
        themes = []
        for number in range(1, self.THEMES + 1):
            title = self.cleaned_data.get(f"theme{number}_title")
            if not title:
                continue
            themes.append(
                {
                    "title": title,
                    "summary": self.cleaned_data.get(f"theme{number}_summary", ""),
                    "oobc_response": self.cleaned_data.get(f"theme{number}_response", ""),
                    "comments": self.cleaned_data.get(f"theme{number}_comments", []),
                }
            )
        return themes
