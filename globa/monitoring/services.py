"""Exports made in the background (``globa.core.tasks``): asked for from a dashboard, made by
the worker with progress as it goes, offered for download when ready. The worker checks the
asker's access again before it counts anything."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from globa.accounts.models import Role, User
from globa.accounts.selectors import require_change
from globa.core import tasks
from globa.core.saving import saving, update_versioned
from globa.lib import clock
from globa.lib.dates import check_done_day, check_due_day
from globa.monitoring import exports, permissions, selectors
from globa.monitoring.indicators import INDICATORS
from globa.monitoring.models import (
    Export,
    ReviewAction,
    ReviewFinding,
    ReviewVisit,
    TransformationMilestone,
    TransformationPlan,
    TransformationResidents,
    TransformationStatusChange,
    overdue_on,
)
from globa.monitoring.periods import Period
from globa.monitoring.permissions import View
from globa.notifications import selectors as notification_selectors
from globa.notifications import services as notifications
from globa.notifications.models import Kind as NotificationKind
from globa.organisations.models import Organisation


def _params(view: View, period: Period) -> dict[str, Any]:
    return {
        "level": view.area.level,
        "area": view.area.id,
        "county": view.county.pk if view.county else None,
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "cut": period.cut,
        "language": translation.get_language() or "lt",
    }


def title_for(report: str, view: View, period: Period) -> str:
    if report == Export.Report.ANNUAL:
        return _("Year in review %(year)s: %(area)s") % {
            "year": period.start.year,
            "area": selectors.area_title(view),
        }
    return _("Monitoring figures %(period)s: %(area)s") % {
        "period": period.label,
        "area": selectors.area_title(view),
    }


def export_request(*, by: User, view: View, period: Period, report: str, format: str) -> Export:
    """Ask for an export of the view's figures; it is made in the background."""
    if report == Export.Report.ANNUAL:
        period = Period.year(period.start.year).until(clock.today())
    with transaction.atomic():
        export = Export.objects.create(
            requested_by=by,
            report=report,
            format=format,
            params=_params(view, period),
            title=title_for(report, view, period),
            created_at=clock.now(),
        )
        tasks.defer(export_task, export_id=str(export.pk), user_id=by.pk)
    return export


def _view_of(user: User, params: dict[str, Any]) -> View:
    return permissions.access_view(
        user, params["level"], params.get("area"), str(params.get("county") or "")
    )


def make(export_id: str, user_id: int) -> None:
    """Make the export for the user who asked, step by step, then store the file."""
    user = User.objects.get(pk=user_id)
    export = Export.objects.get(pk=export_id, requested_by=user)
    params = export.params
    with translation.override(params.get("language", "lt")):
        try:
            view = _view_of(user, params)
        except Exception:
            Export.objects.filter(pk=export.pk).update(
                status=Export.Status.FAILED,
                error=_("You no longer have access to these figures."),
                finished_at=clock.now(),
            )
            return
        period = Period(
            params["kind"],
            dt.date.fromisoformat(params["start"]),
            dt.date.fromisoformat(params["end"]),
        )
        chosen = tuple(INDICATORS)
        if export.report == Export.Report.ANNUAL:
            chosen = tuple(i for i in INDICATORS if i.annual)
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.RUNNING, steps_total=len(chosen) + 2, steps_done=1
        )

        def progress(done: int, total: int) -> None:
            Export.objects.filter(pk=export.pk).update(steps_done=min(done + 1, total + 1))

        board = selectors.dashboard(view, period, indicators=chosen, with_charts=False)
        stem = f"globa-{'metine-ataskaita' if export.report == Export.Report.ANNUAL else 'rodikliai'}-{period.slug}"
        if export.format == Export.Format.XLSX:
            content = exports.xlsx(board, export.title, progress)
        elif export.format == Export.Format.PDF:
            content = exports.pdf(board, export.title, progress)
        else:
            content = exports.csv_bytes(board)
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.READY,
            content=content,
            file_name=f"{stem}.{export.format}",
            steps_done=len(chosen) + 2,
            finished_at=clock.now(),
        )


export_task = tasks.task("monitoring.export")(make)


def exports_of(user: User) -> list[Export]:
    return list(
        Export.objects.filter(requested_by=user).defer("content").order_by("-created_at")[:10]
    )


KEEP_EXPORTS_DAYS = 7


def exports_forget() -> int:
    """Delete the files made more than a week ago: they are copies of figures anyone with
    the access can make again, and should not pile up."""
    cutoff = clock.now() - dt.timedelta(days=KEEP_EXPORTS_DAYS)
    deleted, _by_model = Export.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def exports_forget_nightly(timestamp: int) -> None:
    """The worker's nightly run."""
    exports_forget()


forget_task = tasks.daily("monitoring.forget_exports", "45 3 * * *")(exports_forget_nightly)


def population_check(
    rows: list[dict[str, str]], *, source: str
) -> tuple[dict[tuple[int, int], int], list[str]]:
    """The figures of the file by (municipality, year), and what is wrong with it, row by
    row (nothing is saved)."""
    from globa.organisations.models import Organisation

    errors: list[str] = []
    if not source.strip():
        errors.append(_("Say where the figures come from (the source)."))
    names = {
        name.casefold(): pk
        for pk, name in Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY
        ).values_list("pk", "name")
    }
    found: dict[tuple[int, int], int] = {}
    for number, row in enumerate(rows, start=2):
        municipality = names.get((row.get("municipality") or "").strip().casefold())
        if municipality is None:
            errors.append(
                _("Row %(row)s: no municipality is called “%(name)s”.")
                % {"row": number, "name": (row.get("municipality") or "")[:100]}
            )
            continue
        try:
            year = int((row.get("year") or "").strip())
            children = int((row.get("children") or "").strip())
        except ValueError:
            errors.append(
                _("Row %(row)s: the year and the children must be whole numbers.") % {"row": number}
            )
            continue
        if not 1990 <= year <= 2100 or children <= 0:
            errors.append(
                _("Row %(row)s: the year must be from 1990 to 2100 and the children above 0.")
                % {"row": number}
            )
            continue
        found[(municipality, year)] = children
    if not rows:
        errors.append(_("The file has no rows."))
    return found, errors


def population_save(found: dict[tuple[int, int], int], *, source: str) -> int:
    """Save checked figures, replacing those of the same municipality and year."""
    from globa.monitoring.models import ChildPopulation

    with transaction.atomic():
        for (municipality, year), children in found.items():
            ChildPopulation.objects.update_or_create(
                municipality_id=municipality,
                year=year,
                defaults={"children": children, "source": source.strip()[:200]},
            )
    return len(found)


# Institution transformation ------------------------------------------------------------------


def _not_after_today(day: dt.date, field: str) -> None:
    if day > clock.today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def transformation_plan_create(
    *,
    by: User,
    institution: Organisation,
    status: str,
    status_since: dt.date,
    places_to_close: int,
    notes: str = "",
) -> TransformationPlan:
    """An institution's transformation plan, with its first status dated."""
    require_change(permissions.tracks_institution(by, institution))
    if institution.kind != Organisation.Kind.INSTITUTION:
        raise ValidationError({"institution": _("Choose an institution.")})
    _not_after_today(status_since, "status_since")
    if TransformationPlan.objects.filter(institution=institution).exists():
        raise ValidationError(
            {"institution": _("This institution already has a transformation plan.")}
        )
    with saving(), transaction.atomic():
        plan = TransformationPlan.objects.create(
            institution=institution,
            status=status,
            status_since=status_since,
            places_to_close=places_to_close,
            notes=notes.strip(),
            created_at=clock.now(),
        )
        TransformationStatusChange.objects.create(
            plan=plan, institution=institution, status=status, changed_on=status_since
        )
    return plan


def transformation_plan_update(
    *,
    by: User,
    plan: TransformationPlan,
    version: int,
    status: str,
    status_since: dt.date,
    places_to_close: int,
    notes: str = "",
) -> TransformationPlan:
    """Change the plan; a new status is dated (not before the last change, not in the
    future) and kept in the plan's history; the date of the current status may be
    corrected (its change in the history with it)."""
    require_change(permissions.tracks_institution(by, plan.institution))
    _not_after_today(status_since, "status_since")
    history = list(plan.changes.order_by("-changed_on", "-id")[:2])
    changed = status != plan.status
    # A new status follows the last change; the current one's date may be corrected, but
    # not to before the change before it.
    before = history[0] if changed else (history[1] if len(history) > 1 else None)
    if before is not None and status_since < before.changed_on:
        raise ValidationError(
            {
                "status_since": _(
                    "The new status cannot date from before the last change (%(day)s)."
                )
                % {"day": before.changed_on.isoformat()}
            }
        )
    corrected = history[0] if history and not changed else None
    with saving(), transaction.atomic():
        update_versioned(
            plan,
            version,
            status=status,
            status_since=status_since,
            places_to_close=places_to_close,
            notes=notes.strip(),
        )
        if corrected is not None and corrected.changed_on != status_since:
            corrected.changed_on = status_since
            corrected.save(update_fields=["changed_on"])
        if changed:
            TransformationStatusChange.objects.create(
                plan=plan,
                institution_id=plan.institution_id,
                status=status,
                changed_on=status_since,
            )
    return plan


def _milestone_dates(due_on: dt.date, done_on: dt.date | None) -> None:
    if done_on is not None:
        _not_after_today(done_on, "done_on")


def milestone_create(
    *, by: User, plan: TransformationPlan, title: str, due_on: dt.date, done_on: dt.date | None
) -> TransformationMilestone:
    require_change(permissions.tracks_institution(by, plan.institution))
    _milestone_dates(due_on, done_on)
    with saving():
        return TransformationMilestone.objects.create(
            plan=plan,
            institution_id=plan.institution_id,
            title=title.strip(),
            due_on=due_on,
            done_on=done_on,
        )


def milestone_update(
    *,
    by: User,
    milestone: TransformationMilestone,
    version: int,
    title: str,
    due_on: dt.date,
    done_on: dt.date | None,
) -> TransformationMilestone:
    require_change(permissions.tracks_institution(by, milestone.plan.institution))
    _milestone_dates(due_on, done_on)
    with saving():
        update_versioned(milestone, version, title=title.strip(), due_on=due_on, done_on=done_on)
    return milestone


def residents_record(
    *, by: User, plan: TransformationPlan, kind: str, counted_on: dt.date, count: int
) -> TransformationResidents:
    """A dated count of the institution's residents assessed, given an individual plan or
    moved to a family or community services."""
    require_change(permissions.tracks_institution(by, plan.institution))
    _not_after_today(counted_on, "counted_on")
    if count < 1:
        raise ValidationError({"count": _("The number of residents must be above 0.")})
    with saving():
        return TransformationResidents.objects.create(
            plan=plan,
            institution_id=plan.institution_id,
            kind=kind,
            counted_on=counted_on,
            count=count,
        )


# Quality review visits of the care centres -------------------------------------------------


def _review_link(visit: ReviewVisit) -> str:
    return reverse("monitoring:review_visit", kwargs={"visit_id": visit.pk})


def _tell_managers(visit: ReviewVisit, kind: str, label: str, by: User | None) -> None:
    """The centre's managers are told (no child is named: the records hold none)."""
    notifications.notify(
        recipients=notification_selectors.people_with(visit.centre_id, [Role.CENTRE_MANAGER]),
        kind=kind,
        label=label,
        link=_review_link(visit),
        organisation=visit.centre_id,
        actor=by,
    )


def _visit_checks(centre: Organisation, visited_on: dt.date, visitors: str) -> None:
    errors: dict[str, str] = {}
    if centre.kind not in permissions.REVIEW_KINDS:
        errors["centre"] = _("Choose a care centre.")
    check_done_day(visited_on, clock.today(), "visited_on", errors)
    if not visitors.strip():
        errors["visitors"] = _("Say who visited.")
    if errors:
        raise ValidationError(errors)


def review_visit_create(
    *,
    by: User,
    centre: Organisation,
    visited_on: dt.date,
    visitors: str,
    scope: str = "",
    notes: str = "",
) -> ReviewVisit:
    """A quality review visit to a care centre, recorded by the national monitor."""
    require_change(permissions.records_reviews(by))
    _visit_checks(centre, visited_on, visitors)
    with saving():
        return ReviewVisit.objects.create(
            centre=centre,
            visited_on=visited_on,
            visitors=visitors.strip(),
            scope=scope.strip(),
            notes=notes.strip(),
            recorded_by=by,
            recorded_at=clock.now(),
        )


def review_visit_update(
    *,
    by: User,
    visit: ReviewVisit,
    version: int,
    visited_on: dt.date,
    visitors: str,
    scope: str = "",
    notes: str = "",
) -> ReviewVisit:
    require_change(permissions.records_reviews(by))
    _visit_checks(visit.centre, visited_on, visitors)
    first_due = visit.actions.order_by("due_on").values_list("due_on", flat=True).first()
    if first_due is not None and first_due < visited_on:
        raise ValidationError(
            {
                "visited_on": _("An action of the visit is due before this day (%(day)s).")
                % {"day": first_due.isoformat()}
            }
        )
    with saving():
        update_versioned(
            visit,
            version,
            visited_on=visited_on,
            visitors=visitors.strip(),
            scope=scope.strip(),
            notes=notes.strip(),
        )
    return visit


def review_finding_add(
    *, by: User, visit: ReviewVisit, area: str, severity: str, text: str
) -> ReviewFinding:
    require_change(permissions.records_reviews(by))
    if not text.strip():
        raise ValidationError({"text": _("Describe the finding.")})
    with saving():
        return ReviewFinding.objects.create(
            visit=visit, centre_id=visit.centre_id, area=area, severity=severity, text=text.strip()
        )


def _due_checks(visit: ReviewVisit, due_on: dt.date, description: str) -> None:
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = _("Say what is to be done.")
    if due_on < visit.visited_on:
        errors["due_on"] = _("The action cannot be due before the visit (%(day)s).") % {
            "day": visit.visited_on.isoformat()
        }
    else:
        check_due_day(due_on, clock.today(), "due_on", errors)
    if errors:
        raise ValidationError(errors)


def review_action_add(
    *, by: User, visit: ReviewVisit, description: str, due_on: dt.date
) -> ReviewAction:
    """A follow-up action for the centre; its managers are told."""
    require_change(permissions.records_reviews(by))
    _due_checks(visit, due_on, description)
    with saving(), transaction.atomic():
        action = ReviewAction.objects.create(
            visit=visit, centre_id=visit.centre_id, description=description.strip(), due_on=due_on
        )
        _tell_managers(
            visit,
            NotificationKind.REVIEW_ACTIONS,
            _("Quality review of %(day)s: %(action)s")
            % {"day": visit.visited_on.isoformat(), "action": action.description[:200]},
            by,
        )
    return action


def review_action_update(
    *, by: User, action: ReviewAction, version: int, description: str, due_on: dt.date
) -> ReviewAction:
    require_change(permissions.records_reviews(by))
    _due_checks(action.visit, due_on, description)
    changes: dict[str, Any] = {"description": description.strip(), "due_on": due_on}
    if due_on != action.due_on:
        changes["overdue_told_on"] = None  # a new due date: told again when it passes
    with saving():
        update_versioned(action, version, **changes)
    return action


def review_action_done(
    *, by: User, action: ReviewAction, version: int, done_on: dt.date, note: str
) -> ReviewAction:
    """The centre marks the action done: when, and what was done."""
    require_change(permissions.may_mark_done(by, action))
    errors: dict[str, str] = {}
    if action.status == ReviewAction.Status.DONE:
        raise ValidationError(_("This action is already done."))
    check_done_day(done_on, clock.today(), "done_on", errors)
    if "done_on" not in errors and done_on < action.visit.visited_on:
        errors["done_on"] = _("The action cannot be done before the visit (%(day)s).") % {
            "day": action.visit.visited_on.isoformat()
        }
    if not note.strip():
        errors["note"] = _("Say what was done.")
    if errors:
        raise ValidationError(errors)
    with saving():
        update_versioned(
            action,
            version,
            status=ReviewAction.Status.DONE,
            done_on=done_on,
            done_by=by,
            done_note=note.strip(),
        )
    return action


def review_action_reopen(*, by: User, action: ReviewAction, version: int) -> ReviewAction:
    """The national monitor finds the action not done after all: open again."""
    require_change(permissions.records_reviews(by))
    if action.status == ReviewAction.Status.OPEN:
        raise ValidationError(_("This action is open."))
    with saving():
        update_versioned(
            action,
            version,
            status=ReviewAction.Status.OPEN,
            done_on=None,
            done_by=None,
            overdue_told_on=None,
        )
    return action


def review_overdue_tell(day: dt.date | None = None) -> int:
    """Tell the centres' managers of each action that has become overdue (once per due
    date); the number told about."""
    today = day or clock.today()
    told = 0
    with transaction.atomic():
        found = (
            ReviewAction.objects.filter(overdue_on(today), overdue_told_on__isnull=True)
            .select_related("visit")
            .select_for_update(of=("self",), skip_locked=True)
        )
        for action in found:
            _tell_managers(
                action.visit,
                NotificationKind.REVIEW_OVERDUE,
                _("Due %(day)s: %(action)s")
                % {"day": action.due_on.isoformat(), "action": action.description[:200]},
                None,
            )
            ReviewAction.objects.filter(pk=action.pk).update(overdue_told_on=today)
            told += 1
    return told


def review_overdue_nightly(timestamp: int) -> None:
    """The worker's morning run."""
    review_overdue_tell()


overdue_task = tasks.daily("monitoring.review_overdue", "20 6 * * *")(review_overdue_nightly)
