"""Digital consultations: staff open them, leaders comment and support comments during the
comment period, staff moderate in the open and publish "what we heard" after it closes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import Community, Region, User
from common.permissions import Action, Area, ensure_can
from community_portal.models import (
    CommentSupport,
    ConsultationComment,
    ConsultationDocument,
    ConsultationQuestion,
    ConsultationStatus,
    DigitalConsultation,
    WhatWeHeardTheme,
)
from community_portal.services.accounts import speaks_for_community
from community_portal.uploads import checked_attachment

MAX_QUESTIONS = 10


def _ensure_staff(acting_user: User) -> None:
    ensure_can(acting_user, Area.PORTAL, Action.MANAGE, message=_("Only OOBC staff manage consultations."))


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc


def _unique_slug(title: str, current: DigitalConsultation | None) -> str:
    base = slugify(title)[:70] or "consultation"
    slug, number = base, 2
    while DigitalConsultation.objects.filter(slug=slug).exclude(pk=getattr(current, "pk", None)).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def consultation_save(
    *,
    acting_user: User,
    title: str,
    summary: str,
    body: str,
    opens_at,
    closes_at,
    questions: list[str],
    regions: list[Region] = (),
    communities: list[Community] = (),
    open_to_all_accounts: bool = False,
    consultation: DigitalConsultation | None = None,
    source: str = "manual",
) -> DigitalConsultation:
    """Create a consultation (as a draft) or change one. Its questions are replaced by the list
    given, as long as nobody has commented yet."""
    _ensure_staff(acting_user)
    questions = [text.strip() for text in questions if text and text.strip()]
    if len(questions) > MAX_QUESTIONS:
        raise ApplicationError(_("Ask at most 10 questions."), field="questions")
    creating = consultation is None
    consultation = consultation or DigitalConsultation(created_by=acting_user, source=source)
    consultation.title = title.strip()
    consultation.summary = summary.strip()
    consultation.body = body.strip()
    consultation.opens_at = opens_at
    consultation.closes_at = closes_at
    consultation.open_to_all_accounts = open_to_all_accounts
    if creating:
        consultation.slug = _unique_slug(consultation.title, None)
    if opens_at and closes_at and closes_at <= opens_at:
        raise ApplicationError(_("The comment period must close after it opens."), field="closes_at")
    _clean(consultation)
    consultation.save()
    consultation.regions.set(regions)
    consultation.communities.set(communities)
    current = list(consultation.questions.values_list("text", flat=True))
    if current != questions:
        if consultation.comments.filter(question__isnull=False).exists():
            raise ApplicationError(
                _("People have answered the questions: they can no longer change."), field="questions"
            )
        consultation.questions.all().delete()
        for order, text in enumerate(questions, start=1):
            question = ConsultationQuestion(consultation=consultation, order=order, text=text)
            _clean_question(question)
            question.save()
    return consultation


def _clean_question(question: ConsultationQuestion) -> None:
    try:
        question.full_clean(exclude=["consultation"])
    except ValidationError as exc:
        raise ApplicationError(str(exc.messages[0]), field="questions") from exc


@transaction.atomic
def consultation_publish(*, consultation: DigitalConsultation, acting_user: User) -> DigitalConsultation:
    _ensure_staff(acting_user)
    consultation.status = ConsultationStatus.PUBLISHED
    consultation.save(update_fields=["status", "updated_at"])
    return consultation


@transaction.atomic
def consultation_document_add(
    *, consultation: DigitalConsultation, acting_user: User, title: str, upload: UploadedFile
) -> ConsultationDocument:
    _ensure_staff(acting_user)
    upload, content_type = checked_attachment(upload)
    document = ConsultationDocument(
        consultation=consultation,
        title=title.strip() or upload.name,
        file=upload,
        content_type=content_type,
        size=upload.size,
    )
    _clean(document)
    document.save()
    return document


def is_open(consultation: DigitalConsultation, now=None) -> bool:
    now = now or timezone.now()
    return (
        consultation.status == ConsultationStatus.PUBLISHED
        and consultation.opens_at <= now < consultation.closes_at
    )


def is_closed(consultation: DigitalConsultation, now=None) -> bool:
    return (now or timezone.now()) >= consultation.closes_at


def may_take_part(user: User, consultation: DigitalConsultation) -> bool:
    """Verified leaders always; anyone with a confirmed account if the consultation says so."""
    if not (user.is_authenticated and user.is_active):
        return False
    if speaks_for_community(user):
        return True
    return consultation.open_to_all_accounts and user.email_verified


def _ensure_in_period(consultation: DigitalConsultation) -> None:
    if not is_open(consultation):
        raise ApplicationError(_("Comments are accepted only during the comment period."), field="body")


@transaction.atomic
def comment_post(
    *,
    consultation: DigitalConsultation,
    author: User,
    body: str,
    question: ConsultationQuestion | None = None,
) -> ConsultationComment:
    _ensure_in_period(consultation)
    if not may_take_part(author, consultation):
        raise PermissionDenied(_("Only leaders verified by OOBC comment on this consultation."))
    if question is not None and question.consultation_id != consultation.pk:
        raise ApplicationError(_("Choose one of this consultation's questions."), field="question")
    comment = ConsultationComment(
        consultation=consultation,
        question=question,
        author=author,
        community=author.community,
        body=body.strip(),
    )
    if not comment.body:
        raise ApplicationError(_("Write your comment."), field="body")
    _clean(comment)
    comment.save()
    return comment


@transaction.atomic
def comment_support(*, comment: ConsultationComment, user: User) -> bool:
    """Support someone else's comment (once). Returns False when already supported."""
    consultation = comment.consultation
    _ensure_in_period(consultation)
    if not may_take_part(user, consultation):
        raise PermissionDenied(_("Only leaders verified by OOBC support comments on this consultation."))
    if comment.is_hidden or comment.author_id == user.pk:
        raise ApplicationError(_("You cannot support this comment."), field="comment")
    try:
        with transaction.atomic():
            CommentSupport.objects.create(comment=comment, user=user)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def comment_hide(*, comment: ConsultationComment, acting_user: User, reason: str) -> ConsultationComment:
    """Hide a comment with the reason shown in its place; the text stays on record."""
    _ensure_staff(acting_user)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Give the reason shown in place of the comment."), field="reason")
    comment.hidden_at = timezone.now()
    comment.hidden_reason = reason
    comment.hidden_by = acting_user
    _clean(comment)
    comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    return comment


@transaction.atomic
def comment_unhide(*, comment: ConsultationComment, acting_user: User) -> ConsultationComment:
    _ensure_staff(acting_user)
    comment.hidden_at = None
    comment.hidden_reason = ""
    comment.hidden_by = None
    comment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    return comment


@transaction.atomic
def what_we_heard_publish(
    *, consultation: DigitalConsultation, acting_user: User, intro: str, themes: list[dict]
) -> DigitalConsultation:
    """After the comment period, publish the themes heard, each with the comments behind it
    (its voices) and OOBC's response. Each theme: title, summary, oobc_response, comments
    (uids of the consultation's comments). Publishing again replaces the themes."""
    _ensure_staff(acting_user)
    if not is_closed(consultation):
        raise ApplicationError(_("Publish what we heard after the comment period closes."), field="themes")
    if not themes:
        raise ApplicationError(_("Describe at least one theme."), field="themes")
    consultation.comments.update(theme=None)
    consultation.themes.all().delete()
    for order, theme_data in enumerate(themes, start=1):
        theme = WhatWeHeardTheme(
            consultation=consultation,
            order=order,
            title=str(theme_data.get("title", "")).strip(),
            summary=str(theme_data.get("summary", "")).strip(),
            oobc_response=str(theme_data.get("oobc_response", "")).strip(),
        )
        try:
            theme.full_clean(exclude=["consultation"])
        except ValidationError as exc:
            field, errors = next(iter(exc.message_dict.items()))
            raise ApplicationError(
                _("Theme %(number)s: %(error)s") % {"number": order, "error": errors[0]}, field="themes"
            ) from exc
        theme.save()
        uids = [str(uid) for uid in theme_data.get("comments", [])]
        if uids:
            consultation.comments.filter(uid__in=uids).update(theme=theme)
    consultation.what_we_heard_intro = intro.strip()
    consultation.what_we_heard_published_at = timezone.now()
    _clean(consultation)
    consultation.save(update_fields=["what_we_heard_intro", "what_we_heard_published_at", "updated_at"])
    return consultation
