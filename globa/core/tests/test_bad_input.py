"""Bad input on every form page: NUL and other control characters, 100,000 characters,
emoji, right-to-left text, markup, and dates and numbers out of range.

Each form is read from its rendered page, filled as a person would fill it (the values it
shows, the first choice of each list, a plain value in each required field), and sent once
as it is (it must save) and then once per kind of bad input. No answer may be a server
error, and whatever is refused leaves every table as it was.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import constants, get_messages
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Role
from globa.audit.models import AccessLog
from globa.carers import services as carer_services
from globa.carers.models import Candidate, PublicSubmission, Stage
from globa.cases import services as case_services
from globa.core.forms import CONTROL_CHARACTERS_MESSAGE
from globa.core.models import Submission
from globa.lib import clock, personal_code
from globa.oncall.tests.helpers import signed
from globa.support import services as support_services
from globa.support.models import DeliveryForm, Service
from globa.testing import (
    ChildFactory,
    World,
    as_system,
    as_user,
    household_with,
    member,
    municipality,
    place,
)
from globa.training import services as training_services
from globa.training.models import Programme

# Form and page ------------------------------------------------------------------------------

TEXT_TYPES = {"text", "email", "tel", "url", "search", "password"}


@dataclass
class Control:
    name: str
    kind: str  # an input's type, "select", "select-multiple" or "textarea"
    value: str = ""
    required: bool = False
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)


@dataclass
class HtmlForm:
    method: str
    action: str
    controls: list[Control] = field(default_factory=list)

    def hidden(self, name: str) -> str | None:
        return next((c.value for c in self.controls if c.kind == "hidden" and c.name == name), None)


class FormReader(HTMLParser):
    """The forms of a page with their controls, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: Control | None = None
        self._textarea: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        present = {key for key, _value in attrs}
        if tag == "form":
            self._form = HtmlForm(a.get("method", "get").lower(), a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None or "disabled" in present:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind not in {"submit", "button", "reset", "image", "file"}:
                self._form.controls.append(
                    Control(
                        a["name"],
                        kind,
                        a.get("value", "on" if kind in {"checkbox", "radio"} else ""),
                        "required" in present,
                        "checked" in present,
                    )
                )
        elif tag == "select" and a.get("name"):
            kind = "select-multiple" if "multiple" in present else "select"
            self._select = Control(a["name"], kind, required="required" in present)
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append((a.get("value", ""), "selected" in present))
        elif tag == "textarea" and a.get("name"):
            self._textarea = Control(a["name"], "textarea", required="required" in present)
            self._form.controls.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The browser drops the newline right after <textarea>.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None


def filled(form: HtmlForm, fixed: dict[str, Any]) -> dict[str, Any]:
    """What a person who fills only the required fields sends."""
    data: dict[str, Any] = {}
    plain = {
        "email": "rasa@example.lt",
        "tel": "+370 600 00000",
        "url": "https://example.lt",
        "number": "1",
        "date": clock.today().isoformat(),
    }
    for control in form.controls:
        name, kind = control.name, control.kind
        if name == "csrfmiddlewaretoken":
            continue
        if kind in {"checkbox", "radio"}:
            if control.checked or (control.required and kind == "checkbox"):
                data.setdefault(name, []).append(control.value)
            elif kind == "radio" and name not in data:
                data[name] = [control.value]
        elif kind in {"select", "select-multiple"}:
            chosen = [value for value, selected in control.options if selected]
            if not chosen and kind == "select" and control.options:
                # A browser sends the first option of a list where none is chosen.
                chosen = [control.options[0][0]]
            if not any(chosen) and control.required:
                chosen = [next((v for v, _s in control.options if v), "")]
            data[name] = chosen
        elif control.value or not control.required:
            data.setdefault(name, []).append(control.value)
        else:
            data.setdefault(name, []).append(plain.get(kind, "Rasa Testienė"))
    for name, value in fixed.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


# The pages -----------------------------------------------------------------------------------


@dataclass
class FormPage:
    user: str | None  # the world's user who fills it, None for a visitor
    page: str  # where the form is shown
    action: str | None = None  # where it is sent, when not to the page itself
    marker: tuple[str, str] | None = None  # a hidden field that tells forms of a page apart
    fixed: dict[str, Any] = field(default_factory=dict)  # what a person must choose themselves

    def form(self, client: Client) -> HtmlForm:
        response = client.get(self.page)
        assert response.status_code == 200, self.page
        target = urlsplit(self.action or self.page).path
        reader = FormReader()
        reader.feed(response.content.decode())
        found = [
            f
            for f in reader.forms
            if f.method == "post"
            and (urlsplit(f.action).path or urlsplit(self.page).path) == target
            and (self.marker is None or f.hidden(self.marker[0]) == self.marker[1])
        ]
        assert found, f"no form sent to {target} on {self.page}"
        return found[0]

    def post_url(self, form: HtmlForm) -> str:
        return form.action or self.page


def _records(world: Any) -> dict[str, FormPage]:
    today = clock.today()
    a = world.centre_a
    world.vaida = member(Role.CASE_MANAGER, a, first_name="Vaida", last_name="Vadybė")
    tomas = member(Role.CASE_MANAGER, a, first_name="Tomas", last_name="Kitas")
    placed = ChildFactory(centre=a, first_name="Tomas", last_name="Vaitkus")
    placement = place(placed, world.household, today - dt.timedelta(days=40))
    waiting = ChildFactory(centre=a, first_name="Urtė", last_name="Laukianti")
    free = household_with(world.alice, a, name="Laisvųjų šeima", kind="on_call")
    contract = signed(world.household, world.bob)
    signed(free, world.bob, number="BG-LAISVI")
    unsigned = household_with(world.alice, a, name="Naujųjų šeima", kind="on_call")
    dana = member(Role.COORDINATOR, a, first_name="Dana", last_name="Naujoji")
    with as_user(world.bob):
        group = support_services.create_group(
            by=world.bob,
            provider_id=a.pk,
            details=support_services.GroupDetails(
                name="Globėjų ratas",
                service=Service.objects.get(code="mutual_help_group"),
                facilitator=world.alice,
            ),
            today=today,
        )
        joined = support_services.add_group_member(
            by=world.bob,
            group=group,
            household=world.household,
            today=today - dt.timedelta(days=60),
        )
        session = support_services.record_session(
            by=world.bob,
            group=group,
            details=support_services.SessionDetails(
                held_on=today - dt.timedelta(days=1),
                minutes=60,
                form=DeliveryForm.OFFICE,
                facilitator=world.alice,
            ),
            attended=[joined],
            today=today,
        )
        candidate = carer_services.candidate_add(
            by=world.bob,
            centre=a,
            inquiry=carer_services.Inquiry(
                "Rūta", "Būsimoji", "ruta@example.lt", "", municipality(), ("on_call",)
            ),
            consent_text="Sutiko.",
            on=today - dt.timedelta(days=10),
        )
        training = training_services.group_create(
            by=world.bob,
            centre=a,
            programme=Programme.objects.get(code="gimk-core"),
            name="GIMK ruduo",
            starts_on=today - dt.timedelta(days=50),
        )
        trainee = training_services.participant_add(
            by=world.bob, group=training, person_name="Jonas Jonaitis"
        )
    with as_user(world.vaida):
        case = case_services.case_open(
            by=world.vaida,
            organisation=a,
            referral=case_services.Referral(
                family_name="Jonaičių šeima",
                municipality=municipality(),
                referral_source="school",
                referred_on=today - dt.timedelta(days=5),
                referral_reason="Vaikai dažnai praleidžia pamokas.",
                case_manager=world.vaida,
            ),
        )
        action = case_services.action_add(
            by=world.vaida,
            case=case,
            task=case_services.Task(description="Aplankyti", due_on=today, user=world.vaida),
        )

    with as_system():
        # The household of an approved person is linked on their page.
        approved = Candidate.objects.get(pk=candidate.pk)
        approved.pk = uuid.uuid4()
        approved._state.adding = True
        approved.stage = Stage.APPROVAL
        approved.approval_date = today
        approved.approval_number = "SP-1"
        approved.save()

    def url(name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs=kwargs)

    with as_system():
        world.bob.set_password(PASSWORD)
        world.bob.save()
    new_password = {"password1": "Kitas-slaptazodis-2026", "password2": "Kitas-slaptazodis-2026"}
    centre = f"?centre={a.pk}"
    inquiry = {
        "interests": ["on_call"],
        "email": "rasa@example.lt",
        "municipality": str(a.municipality_id),
    }
    on_call = {"household_id": world.household.pk}
    ended = {**on_call, "contract_id": contract.pk}
    training_page = url("training:training_group", group_id=training.pk)
    case_page = url("cases:case", case_id=case.pk)
    return {
        "login": FormPage(
            None,
            reverse("account_login"),
            fixed={"login": world.bob.username, "password": PASSWORD},
        ),
        "password_change": FormPage(
            "bob",
            reverse("account_change_password"),
            fixed={"oldpassword": PASSWORD, **new_password},
        ),
        "child_create": FormPage(
            "bob",
            url("registry:child_create"),
            fixed={
                "birth_date": dt.date(2019, 4, 1).isoformat(),
                "sex": "F",
                "personal_code": personal_code.make(dt.date(2019, 4, 1), "F", 321),
            },
        ),
        "child_edit": FormPage("bob", url("registry:child_edit", child_id=world.child.pk)),
        "relative_create": FormPage(
            "bob", url("registry:relative_create", child_id=world.child.pk)
        ),
        "placement_start": FormPage(
            "bob",
            url("registry:placement_start", child_id=waiting.pk),
            fixed={"household": str(free.pk)},
        ),
        "placement_end": FormPage(
            "bob",
            url("registry:placement_end", placement_id=placement.pk),
        ),
        "household_create": FormPage("bob", url("registry:household_create")),
        "household_edit": FormPage(
            "bob", url("registry:household_edit", household_id=world.household.pk)
        ),
        "household_adult_create": FormPage(
            "bob",
            url("registry:household_adult_create", household_id=world.household.pk),
            fixed={"birth_date": (today - dt.timedelta(days=40 * 365)).isoformat()},
        ),
        "household_own_child_create": FormPage(
            "bob", url("registry:household_own_child_create", household_id=world.household.pk)
        ),
        "household_coordinator": FormPage(
            "bob",
            url("registry:household_coordinator", household_id=free.pk),
            fixed={"coordinator": str(dana.pk)},
        ),
        "household_contact": FormPage(
            "bob", url("support:household_contact", household_id=world.household.pk)
        ),
        "child_contact": FormPage("bob", url("support:child_contact", child_id=placed.pk)),
        "group_create": FormPage("bob", url("support:group_create")),
        "group_edit": FormPage("bob", url("support:group_edit", group_id=group.pk)),
        "group_member_add": FormPage(
            "bob",
            url("support:group_member_add", group_id=group.pk),
            fixed={"household": "", "person_name": "Ona Būsimoji"},
        ),
        "session_create": FormPage(
            "bob",
            url("support:session_create", group_id=group.pk),
            fixed={"attended": [str(joined.pk)]},
        ),
        "session_edit": FormPage(
            "bob", url("support:session_edit", group_id=group.pk, session_id=session.pk)
        ),
        "case_create": FormPage("vaida", url("cases:create")),
        "case_advance": FormPage("vaida", url("cases:advance", case_id=case.pk)),
        "case_reassign": FormPage(
            "bob", url("cases:reassign", case_id=case.pk), fixed={"case_manager": str(tomas.pk)}
        ),
        # A child not in the registry: by name (or the personal code, which is optional).
        "case_child_add": FormPage(
            "vaida",
            url("cases:child_add", case_id=case.pk),
            fixed={
                "first_name": "Jonas",
                "last_name": "Jonaitis",
                "birth_date": (today - dt.timedelta(days=7 * 365)).isoformat(),
            },
        ),
        "case_member_add": FormPage("vaida", url("cases:member_add", case_id=case.pk)),
        "case_goal_add": FormPage("vaida", url("cases:goal_add", case_id=case.pk)),
        "case_action_add": FormPage("vaida", url("cases:action_add", case_id=case.pk)),
        "case_conference_add": FormPage("vaida", url("cases:conference_add", case_id=case.pk)),
        "case_service_add": FormPage("vaida", url("cases:service_add", case_id=case.pk)),
        "case_action_done": FormPage(
            "vaida",
            case_page,
            action=url("cases:action_done", case_id=case.pk, action_id=action.pk),
        ),
        "task_add": FormPage("bob", url("home:start"), action=url("reminders:task_add")),
        "caseload_reassign": FormPage(
            "bob",
            url("home:caseload", centre_id=a.pk, coordinator=str(world.alice.uuid)),
            fixed={"households": [str(unsigned.pk)]},
        ),
        "inquiry": FormPage(None, url("carers:inquiry"), fixed=inquiry),
        "candidate_add": FormPage("bob", url("carers:candidate_add") + centre, fixed=inquiry),
        "candidate_move": FormPage(
            "bob",
            url("carers:candidate", candidate_id=candidate.pk),
            action=url("carers:move", candidate_id=candidate.pk),
        ),
        "candidate_household": FormPage(
            "bob",
            url("carers:candidate", candidate_id=approved.pk),
            action=url("carers:candidate_household", candidate_id=approved.pk),
        ),
        **{
            f"settings_{name}": FormPage(
                "bob", url("carers:settings") + centre, marker=("form", name)
            )
            for name in ("route", "details", "norms", "weights")
        },
        "contract_add": FormPage(
            "bob", url("oncall:contract_add", household_id=unsigned.pk), fixed={"places": "2"}
        ),
        "contract_end": FormPage(
            "bob",
            url("oncall:contract_end", **ended),
            fixed={"ends_on": (today + dt.timedelta(days=30)).isoformat()},
        ),
        "respite_add": FormPage(
            "bob",
            url("oncall:respite_add", **ended),
            fixed={
                "starts_on": (today + dt.timedelta(days=40)).isoformat(),
                "ends_on": (today + dt.timedelta(days=45)).isoformat(),
            },
        ),
        "match": FormPage("bob", url("oncall:match") + f"?children={waiting.pk}"),
        "training_add": FormPage("bob", url("training:training") + centre),
        "trainer_add": FormPage(
            "bob", training_page, action=url("training:trainer_add", group_id=training.pk)
        ),
        "participant_add": FormPage(
            "bob",
            training_page,
            action=url("training:participant_add", group_id=training.pk),
            fixed={"person_name": "Ona Dalyvė"},
        ),
        "training_session_add": FormPage(
            "bob",
            training_page,
            action=url("training:session_add", group_id=training.pk),
            fixed={
                "topics": [str(training.programme.topics.order_by("position")[0].pk)],
                "attended": [str(trainee.pk)],
            },
        ),
    }


PASSWORD = "Bandymu-slaptazodis-2026"
FORM_PAGES = [
    "login",
    "password_change",
    "child_create",
    "child_edit",
    "relative_create",
    "placement_start",
    "placement_end",
    "household_create",
    "household_edit",
    "household_adult_create",
    "household_own_child_create",
    "household_coordinator",
    "household_contact",
    "child_contact",
    "group_create",
    "group_edit",
    "group_member_add",
    "session_create",
    "session_edit",
    "case_create",
    "case_advance",
    "case_reassign",
    "case_child_add",
    "case_member_add",
    "case_goal_add",
    "case_action_add",
    "case_conference_add",
    "case_service_add",
    "case_action_done",
    "task_add",
    "caseload_reassign",
    "inquiry",
    "candidate_add",
    "candidate_move",
    "candidate_household",
    "settings_route",
    "settings_details",
    "settings_norms",
    "settings_weights",
    "contract_add",
    "contract_end",
    "respite_add",
    "match",
    "training_add",
    "trainer_add",
    "participant_add",
    "training_session_add",
]


# Sending -------------------------------------------------------------------------------------

MARKUP = '<script>alert("globa")</script><b onmouseover="x()">Rasa</b>'
NUL = "\x00"
WHOLE_FORM = {
    "a control character": "\x1b[2J\x7f",
    "emoji": "Rasa 👩‍👧‍👦 ❤️",
    "right-to-left text": "رسا \u202easaR\u202c שלום",
    "markup": MARKUP,
}
ERROR = re.compile(
    r'<div class="error" id="(?:id_)?([^"]*)_error"[^>]*><p>([^<]*)<'
    r'|<div class="form-errors"[^>]*><p>()([^<]*)<'
)
LONG = "ą" * 100_000
DATES = ["0001-01-01", "9999-12-31", "10000-01-01"]
NUMBERS = ["2147483648", "-2147483649", "99999999999999999999999", "1e400"]


# Kept whatever the input: who saw which page, and the public form's rate limit (a refused
# robot counts too); neither holds anything that was sent. A creating form's key is claimed
# in the savepoint of its save, so a refusal rolls it back with the rest; the statistics
# read here count the attempt all the same.
LOGS = (AccessLog, PublicSubmission, Submission)


def _snapshot() -> dict[str, int]:
    """Rows written so far in this transaction (inserted, updated or deleted), per table of
    Globa's models but the logs: an edit that changes no count of rows shows here too."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("globa.") and model not in LOGS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE relname = ANY(%s)",
            [tables],
        )
        return dict(cursor.fetchall())


@dataclass
class Sent:
    status: int
    refused: bool
    changed: dict[str, tuple[int, int]]
    body: str = field(repr=False)
    errors: list[str]


def _send(client: Client, url: str, data: dict[str, Any], *, follow: bool = False) -> Sent:
    """Send the form in a savepoint that is then rolled back, so each try starts afresh;
    ``follow`` reads the page a saved form leads to."""
    # A login or a new password gives the browser a new session, which is rolled back too.
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        before = _snapshot()
        response = client.post(url, data)
        errors = [m for m in get_messages(response.wsgi_request) if m.level >= constants.ERROR]
        refused = response.status_code not in (301, 302, 303) or bool(errors)
        after = _snapshot() if refused else before
        body = response.content.decode()
        if follow and not refused:
            body = client.get(response["Location"]).content.decode()
        transaction.set_rollback(True)
    client.cookies = cookies
    changed = {t: (before.get(t, 0), after.get(t, 0)) for t in {*before, *after}}
    changed = {t: counts for t, counts in changed.items() if counts[0] != counts[1]}
    shown = [str(m) for m in errors] + [f"{f}{g}: {m}{n}" for f, m, g, n in ERROR.findall(body)]
    return Sent(response.status_code, refused, changed, body, shown)


def _text_controls(form: HtmlForm) -> list[Control]:
    return [c for c in form.controls if c.kind in TEXT_TYPES or c.kind == "textarea"]


@dataclass
class Try:
    label: str
    data: dict[str, Any]
    refused: bool = False  # the input must be refused


def _tries(form: HtmlForm, base: dict[str, Any]) -> list[Try]:
    texts = _text_controls(form)
    # A tick box sends "on" and its field keeps only whether it came: nothing of it is kept.
    ticks = {c.name for c in form.controls if c.kind == "checkbox" and c.value == "on"}
    tries = [
        # Every control on its own, choices too: a NUL must reach no query from any of them.
        Try(
            f"NUL in {name}",
            {**base, name: [f"{v[:2]}{NUL}{v[2:]}" for v in values] or [NUL]},
            refused=name not in ticks,
        )
        for name, values in base.items()
        if name != "form"
    ]
    for kind, value in WHOLE_FORM.items():
        changed = {c.name: [value] for c in texts}
        if kind == "a control character":
            changed = {name: [f"{v}{value}" for v in vs] for name, vs in base.items()}
            changed.pop("form", None)
        tries.append(Try(kind, {**base, **changed}, refused=kind == "a control character"))
    for control in texts:
        tries.append(Try(f"100,000 characters in {control.name}", {**base, control.name: [LONG]}))
    for control in form.controls:
        if control.kind == "date":
            for day in DATES:
                tries.append(Try(f"{control.name}={day}", {**base, control.name: [day]}))
        if control.kind == "number" or (control.kind == "hidden" and control.value.isdigit()):
            for number in NUMBERS:
                tries.append(Try(f"{control.name}={number}", {**base, control.name: [number]}))
    return tries


def _client(world: World, user: str | None) -> Client:
    client = Client() if user is None else world.client_for(getattr(world, user))
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def pages(world: World, settings: Any) -> dict[str, FormPage]:
    # Each try at the login and password forms hashes a password: a quick hash here (Argon2,
    # as configured, is tested with the login itself).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return _records(world)


def test_every_form_page_is_listed(pages: dict[str, FormPage]) -> None:
    assert sorted(pages) == sorted(FORM_PAGES)


@pytest.mark.parametrize("name", FORM_PAGES)
def test_bad_input_is_refused_or_kept_safely(
    world: World, pages: dict[str, FormPage], name: str
) -> None:
    page = pages[name]
    client = _client(world, page.user)
    form = page.form(client)
    base = filled(form, page.fixed)
    url = page.post_url(form)

    normal = _send(client, url, base)
    assert not normal.refused, f"the form as a person fills it is refused: {normal}"

    problems: list[str] = []
    for attempt in _tries(form, base):
        label = attempt.label
        try:
            sent = _send(client, url, attempt.data, follow=label == "markup")
        except Exception as error:  # the test client re-raises what the view raised
            problems.append(f"{label}: {type(error).__name__}: {error}"[:300])
            continue
        if sent.status >= 500:
            problems.append(f"{label}: {sent.status}")
        elif sent.refused and sent.changed:
            problems.append(f"{label}: refused ({sent}), yet saved {sent.changed}")
        elif attempt.refused and not sent.refused:
            problems.append(f"{label}: accepted")
        elif label == "markup" and MARKUP in sent.body:
            problems.append(f"{label}: shown unescaped")
    assert problems == []


# Addresses -----------------------------------------------------------------------------------

# An address longer than this is refused by the web server in front of Globa.
LONG_ADDRESS = "ą" * 2_000
QUERY_VALUES = [f"1{NUL}", "\x1b", LONG_ADDRESS, "-1", "99999999999999999999", MARKUP]


def _queries(world: World, pages: dict[str, FormPage]) -> list[tuple[str | None, str, list[str]]]:
    """Pages that read their address's query, with the names they read."""
    case = pages["case_action_add"].page
    contact = pages["household_contact"].page
    return [
        ("bob", "/children/", ["q", "status", "setting", "municipality", "coordinator", "page"]),
        ("bob", "/households/", ["q", "kind", "status", "page"]),
        (None, "/centres/", ["q", "county", "municipality", "page"]),
        (None, "/become-a-carer/", ["municipality"]),
        (None, "/become-a-carer/sent/", ["centre"]),
        ("bob", "/carers/", ["centre"]),
        ("bob", "/carers/funnel/", ["centre", "start", "end"]),
        ("bob", "/carers/on-call/", ["centre"]),
        ("bob", "/carers/match/night/", ["centre", "children"]),
        ("bob", pages["match"].page, ["on", "siblings"]),
        ("bob", "/carers/match/", ["children"]),
        ("bob", "/carers/training/", ["centre"]),
        ("bob", "/carers/new/", ["centre"]),
        ("bob", "/carers/settings/", ["centre"]),
        ("vaida", "/cases/", ["mine", "stage"]),
        ("vaida", case, ["goal"]),
        ("vaida", pages["case_service_add"].page, ["action"]),
        ("bob", pages["placement_start"].page, ["household"]),
        ("bob", "/groups/", ["closed", "page"]),
        ("bob", "/groups/new/", ["centre"]),
        ("bob", pages["session_create"].page.removesuffix("sessions/new/"), ["page"]),
        ("bob", contact, ["next", "closed"]),
    ]


def test_bad_values_in_the_address_are_no_server_error(
    world: World, pages: dict[str, FormPage]
) -> None:
    problems = []
    for user, path, names in _queries(world, pages):
        client = _client(world, user)
        base = dict(parse_qsl(urlsplit(path).query))
        for name in names:
            for value in QUERY_VALUES:
                try:
                    status = client.get(urlsplit(path).path, {**base, name: value}).status_code
                except Exception as error:
                    problems.append(f"{path} {name}={value[:20]!r}: {type(error).__name__}")
                    continue
                if status >= 500:
                    problems.append(f"{path} {name}={value[:20]!r}: {status}")
    assert problems == []


@pytest.mark.parametrize("name", ["personal_code", "languages"])
def test_a_nul_in_the_child_form_is_refused_with_a_message(
    world: World, pages: dict[str, FormPage], name: str
) -> None:
    """As reported: this gave a server error (a field without validators, a list field)."""
    page = pages["child_create"]
    client = _client(world, page.user)
    data = {**filled(page.form(client), page.fixed), name: ["ab\x00cd"]}
    sent = _send(client, page.page, data)
    assert (sent.status, sent.refused, sent.changed) == (200, True, {})
    assert f"{name}: {CONTROL_CHARACTERS_MESSAGE}" in sent.errors


def test_the_snapshot_sees_every_write(world: World) -> None:
    before = _snapshot()
    with as_system():
        type(world.household).objects.filter(pk=world.household.pk).update(name="Kita")
    after = _snapshot()
    table = type(world.household)._meta.db_table
    assert after[table] == before[table] + 1
