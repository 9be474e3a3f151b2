from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditChange(models.Model):
    """One insert, update or delete of a personal-data row, written by a database trigger."""

    class Operation(models.TextChoices):
        INSERT = "I", _("created")
        UPDATE = "U", _("changed")
        DELETE = "D", _("deleted")

    at = models.DateTimeField(_("when"), db_default=models.Func(function="now"))
    table_name = models.CharField(_("table"), max_length=100)
    row_id = models.CharField(_("record"), max_length=64)
    operation = models.CharField(_("operation"), max_length=1, choices=Operation.choices)
    before = models.JSONField(_("before"), null=True)
    after = models.JSONField(_("after"), null=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        related_name="+",
    )
    acting_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        db_table = "audit_change"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["table_name", "row_id", "at"]),
            # A table's latest changes, for the monitoring figures kept by source.
            models.Index(fields=["table_name", "id"], name="audit_change_table_id"),
        ]

    def __str__(self) -> str:
        return f"{self.table_name} {self.row_id} {self.operation} {self.at:%Y-%m-%d %H:%M}"


class AccessLog(models.Model):
    """One view of a child's, household's, family case's, prospective carer's, assessment's
    or plan's record, written with the page that shows it.

    The log outlives what it is about: its references are plain ids, not constraints, so a
    record (or an account) can be deleted or anonymised when its time is up and the log of
    who saw it stays, like the audit trail's."""

    at = models.DateTimeField(_("when"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("who"),
    )
    acting_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    child = models.ForeignKey(
        "registry.Child",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="access_log",
    )
    household = models.ForeignKey(
        "registry.CarerHousehold",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="access_log",
    )
    family_case = models.ForeignKey(
        "cases.FamilyCase",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="access_log",
    )
    candidate = models.ForeignKey(
        "carers.Candidate",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="access_log",
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="access_log",
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="access_log",
    )
    what = models.CharField(_("what"), max_length=100, default="view")

    class Meta:
        db_table = "audit_access"
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["child", "-at"]),
            models.Index(fields=["household", "-at"]),
            models.Index(fields=["family_case", "-at"]),
            models.Index(fields=["candidate", "-at"]),
            models.Index(fields=["assessment", "-at"]),
            models.Index(fields=["plan", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.what} {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def field_for(cls, record: models.Model) -> str:
        """The foreign key that names records of this kind."""
        for field in cls._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is type(record):
                return field.name
        raise TypeError(f"the access log does not name records of {type(record).__name__}")


class ExportLog(models.Model):
    """One export of a list to a file: who took which list, with which filters and order,
    in which format, and how many rows it held. Written with the file it describes."""

    at = models.DateTimeField(_("when"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("who"),
    )
    # The organisation the user acted for; the list may hold several of their centres.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("organisation"),
    )
    list_name = models.CharField(_("list"), max_length=50)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    sort = models.CharField(_("order"), max_length=50, blank=True)
    file_format = models.CharField(_("format"), max_length=10)
    rows = models.PositiveIntegerField(_("rows"))

    class Meta:
        db_table = "audit_export"
        verbose_name = _("list export")
        verbose_name_plural = _("list exports")
        indexes = [models.Index(fields=["organisation", "-at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.list_name} {self.file_format} {self.at:%Y-%m-%d %H:%M}"
