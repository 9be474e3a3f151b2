"""Documents through the API: listed for one record, downloaded with the download logged,
attached with the same checks as on the page."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from globa.accounts.models import Role
from globa.api.tests.conftest import READ_ONLY, api_client, caller
from globa.audit.models import AccessLog
from globa.documents.models import Document
from globa.documents.tests.test_documents import PDF
from globa.lib import clock
from globa.testing import World, as_system


def attach(client: object, world: World, content: bytes = PDF, **changes: object) -> object:
    data = {
        "child": str(world.child.pk),
        "kind": "court_decision",
        "dated_on": (clock.today() - dt.timedelta(days=2)).isoformat(),
        "description": "Teismo nutartis",
        "file": SimpleUploadedFile("nutartis.pdf", content),
    }
    data.update(changes)
    return client.post("/api/v1/documents/", data)  # type: ignore[attr-defined]


def test_a_document_is_attached_listed_and_downloaded(world: World) -> None:
    _client, key = api_client(world.centre_a, Role.CENTRE_MANAGER)
    created = attach(caller(key), world)
    assert created.status_code == 201, created.json()
    listed = caller(key).get("/api/v1/documents/", {"child": str(world.child.pk)})
    assert [d["original_name"] for d in listed.json()["results"]] == ["nutartis.pdf"]
    content = caller(key).get(f"/api/v1/documents/{created.json()['id']}/content/")
    assert content.status_code == 200 and b"".join(content.streaming_content) == PDF
    with as_system():
        assert AccessLog.objects.filter(child=world.child, what="download").count() == 1


def test_outsiders_read_only_and_bad_files_are_refused(world: World) -> None:
    _a, key = api_client(world.centre_a, Role.CENTRE_MANAGER)
    _b, other = api_client(world.centre_b, Role.CENTRE_MANAGER)
    _r, reader = api_client(world.centre_a, Role.SPECIALIST, [*READ_ONLY])
    assert attach(caller(other), world).status_code == 404
    assert attach(caller(reader), world).status_code == 403
    bad = attach(caller(key), world, content=b"MZ\x90\x00 an executable")
    assert bad.status_code == 400 and "file" in bad.json()["errors"]
    neither = caller(key).get("/api/v1/documents/")
    assert neither.status_code == 400 and "child" in neither.json()["errors"]
    with as_system():
        assert not Document.objects.exists()
    created = attach(caller(key), world)
    document = created.json()["id"]
    assert caller(other).get(f"/api/v1/documents/{document}/").status_code == 404
    assert caller(other).get(f"/api/v1/documents/{document}/content/").status_code == 404
    assert (
        caller(other).get("/api/v1/documents/", {"child": str(world.child.pk)}).status_code == 404
    )
