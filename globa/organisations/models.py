import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from globa.lib.collation import lt


class County(models.Model):
    name_lt = models.CharField(_("name (Lithuanian)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = [*lt("name_lt")]

    def __str__(self) -> str:
        return self.name_lt


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_AUTHORITY = "national_authority", _("national authority")
        MUNICIPALITY = "municipality", _("municipality")
        CARE_CENTRE = "care_centre", _("foster care centre")
        PROVIDER = "provider", _("NGO or private service provider")
        INSTITUTION = "institution", _("institution")
        COMMUNITY_HOME = "community_home", _("community children's home")
        FAMILY_HOME = "family_home", _("family-type home")

    class Sector(models.TextChoices):
        PUBLIC = "public", _("public")
        NGO = "ngo", _("NGO")
        PRIVATE = "private", _("private")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    sector = models.CharField(
        _("sector"), max_length=10, choices=Sector.choices, default=Sector.PUBLIC
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("county")
    )
    municipality = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("municipality"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # The number other centres call for an emergency placement, day and night.
    on_call_phone = models.CharField(_("on-call phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    working_hours = models.CharField(
        _("working hours"),
        max_length=200,
        blank=True,
        help_text=_("As shown to the public, e.g. “I-IV 8.00-17.00, V 8.00-15.45”."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [*lt("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "kind"],
                name="organisation_unique_name_kind",
                violation_error_message=_(
                    "An organisation of this kind with this name already exists."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="municipality", county__isnull=False)
                | ~models.Q(kind="municipality"),
                name="organisation_municipality_has_county",
                violation_error_message=_("A municipality belongs to a county."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "municipality"])]

    def __str__(self) -> str:
        return self.name
