"""Documents attached to a record: court and child-rights service decisions, contracts,
signed plans, reports.

A document belongs to exactly one record (a child, a household, a placement, a family case,
an on-call contract, an assessment or a plan) and to that record's organisation
(``organisation``), by which row-level security and the audit trigger key it; a case's
documents are seen with the case (the case scope), an assessment's or a plan's as the
assessment or plan itself (``subject_kind``, read as for assessments). The file lives outside the database, in the ``documents`` storage (the
local disk, or S3-compatible storage when configured), and is served only through an
access-checked view; the row keeps what was checked about it.

Another kind of record attaches documents the same way: a nullable key here, a branch in
``globa.documents.permissions.access_subject`` and a name in the API's ``SUBJECTS``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from globa.organisations.models import Organisation


class Kind(models.TextChoices):
    COURT_DECISION = "court_decision", _("court decision")
    CHILD_RIGHTS_DECISION = "child_rights_decision", _("decision of the child-rights service")
    CONTRACT = "contract", _("contract")
    SIGNED_PLAN = "signed_plan", _("signed plan")
    REPORT = "report", _("report")
    CORRESPONDENCE = "correspondence", _("correspondence")
    OTHER = "other", _("other document")


class _DocumentStorage(LazyObject):  # type: ignore[type-arg]
    """The ``documents`` storage, looked up when first used (and again after the setting
    changes, as in tests), not when the models load."""

    def _setup(self) -> None:
        self._wrapped = storages["documents"]


_storage = _DocumentStorage()


@receiver(setting_changed)
def _storage_setting_changed(*, setting: str, **kwargs: object) -> None:
    if setting == "STORAGES":
        _storage._wrapped = empty  # type: ignore[assignment]


def storage() -> Storage:
    return _storage  # type: ignore[return-value]


def stored_name(instance: Document, filename: str) -> str:
    """Where the file is kept: by organisation and the document's id, never the name sent."""
    return f"{instance.organisation_id}/{instance.id}"


# The records a document can belong to (its foreign keys below).
SUBJECT_FIELDS = (
    "child",
    "household",
    "placement",
    "family_case",
    "contract",
    "assessment",
    "plan",
)


def _exactly_one(fields: tuple[str, ...]) -> Q:
    condition = Q()
    for field in fields:
        one = Q(**{f"{field}__isnull": False})
        for other in fields:
            if other != field:
                one &= Q(**{f"{other}__isnull": True})
        condition |= one
    return condition


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    dated_on = models.DateField(_("date of the document"))
    description = models.CharField(_("description"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=stored_name, storage=storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    scanned = models.BooleanField(_("checked for viruses"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"))
    child = models.ForeignKey(
        "registry.Child", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    household = models.ForeignKey(
        "registry.CarerHousehold",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    placement = models.ForeignKey(
        "registry.Placement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    family_case = models.ForeignKey(
        "cases.FamilyCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    contract = models.ForeignKey(
        "oncall.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    # Whom an assessment or a plan is of (its ``subject_kind``): row-level security reads an
    # assessment's or a plan's documents as it reads the assessment or plan. Empty otherwise.
    subject_kind = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-dated_on", "-added_at"]
        indexes = [
            models.Index(fields=["child", "-dated_on"], name="document_child"),
            models.Index(fields=["household", "-dated_on"], name="document_household"),
            models.Index(fields=["placement"], name="document_placement"),
            models.Index(fields=["family_case"], name="document_case"),
            models.Index(fields=["contract"], name="document_contract"),
            models.Index(fields=["assessment"], name="document_assessment"),
            models.Index(fields=["plan"], name="document_plan"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(SUBJECT_FIELDS),
                name="document_one_record",
                violation_error_message=_("A document belongs to exactly one record."),
            ),
            models.CheckConstraint(
                condition=Q(subject_kind="", assessment__isnull=True, plan__isnull=True)
                | ~Q(subject_kind="") & (Q(assessment__isnull=False) | Q(plan__isnull=False)),
                name="document_subject_kind",
                violation_error_message=_(
                    "An assessment's or a plan's document says whom they are of."
                ),
            ),
            models.CheckConstraint(
                condition=Q(size__gte=1),
                name="document_not_empty",
                violation_error_message=_("The file is empty."),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def subject_field(self) -> str:
        return next(f for f in SUBJECT_FIELDS if getattr(self, f"{f}_id") is not None)
