"""Documents: added to a record by whoever may change it, type checked by content, names
sanitised, size limited, scanned when a scanner is configured, downloaded only through the
access-checked view and logged."""

from __future__ import annotations

import datetime as dt
import io
import socket
import struct
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from globa.audit.models import AccessLog, AuditChange
from globa.documents import checks, scanning
from globa.documents.models import Document
from globa.lib import clock
from globa.testing import World, as_system

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(content: bytes = PDF, name: str = "Teismo nutartis.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def add(client: Any, url: str, **changes: Any) -> Any:
    data = {
        "kind": "court_decision",
        "dated_on": (clock.today() - dt.timedelta(days=3)).isoformat(),
        "description": "Dėl laikinosios globos",
        "file": upload(),
    }
    data.update(changes)
    return client.post(url, data)


def child_url(world: World) -> str:
    return reverse("documents:child", kwargs={"child_id": world.child.pk})


def test_a_document_is_added_kept_outside_the_database_and_downloaded(
    world: World, documents_folder: Path
) -> None:
    client = world.client_for(world.bob)
    response = add(client, child_url(world), file=upload(name="../../etc/Nutartis <2024>.exe"))
    assert response.status_code == 302
    with as_system():
        document = Document.objects.get()
    assert document.original_name == "Nutartis _2024.pdf"
    assert document.content_type == "application/pdf"
    assert document.added_by == world.bob and not document.scanned
    stored = documents_folder / document.file.name
    assert stored.read_bytes() == PDF
    assert str(document.pk) in document.file.name and "Nutartis" not in document.file.name
    page = client.get(child_url(world))
    assert "Nutartis _2024.pdf" in page.content.decode()
    downloaded = world.client_for(world.carol).get(
        reverse("documents:download", kwargs={"document_id": document.pk})
    )
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == PDF
    assert "attachment" in downloaded["Content-Disposition"]
    with as_system():
        log = AccessLog.objects.filter(child=world.child, what="download").get()
        audited = AuditChange.objects.filter(table_name="documents_document").count()
    assert log.user == world.carol
    assert audited == 1


def test_an_outsider_gets_404_and_a_read_only_role_403(world: World) -> None:
    add(world.client_for(world.bob), child_url(world))
    with as_system():
        document = Document.objects.get()
    charlie = world.client_for(world.charlie)
    assert charlie.get(child_url(world)).status_code == 404
    url = reverse("documents:download", kwargs={"document_id": document.pk})
    assert charlie.get(url).status_code == 404
    assert add(world.client_for(world.carol), child_url(world)).status_code == 403
    remove = reverse("documents:remove", kwargs={"document_id": document.pk})
    assert world.client_for(world.carol).post(remove).status_code == 403
    assert world.client_for(world.nora).get(url).status_code == 404


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (b"\xff\xd8\xff\xe0..JFIF", "jpg"),
        (b"II*\x00....", "tif"),
        (docx(), "docx"),
        (b"MZ\x90\x00 an executable", None),
        (b"<html><script>alert(1)</script>", None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_the_type_is_told_by_content(content: bytes, expected: str | None) -> None:
    found = checks.detect_bytes(content)
    assert (found.extension if found else None) == expected


def test_bad_files_are_refused_with_their_reasons(world: World, settings: Any) -> None:
    client = world.client_for(world.bob)
    disguised = add(client, child_url(world), file=upload(b"MZ\x90\x00evil", "nutartis.pdf"))
    assert disguised.status_code == 200
    assert "kad ir ką sakytų jo pavadinimas" in str(disguised.context["form"].errors["file"])
    settings.GLOBA_DOCUMENT_MAX_MB = 0
    too_big = add(client, child_url(world))
    assert "didesnis nei" in str(too_big.context["form"].errors["file"])
    settings.GLOBA_DOCUMENT_MAX_MB = 20
    future = add(
        client, child_url(world), dated_on=(clock.today() + dt.timedelta(days=2)).isoformat()
    )
    assert "ateityje" in str(future.context["form"].errors["dated_on"])
    with as_system():
        assert not Document.objects.exists()


class FakeClamd:
    """A ClamAV daemon on a local port speaking INSTREAM: it finds the EICAR test string."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.address = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += conn.recv(1)
                content = b""
                while True:
                    size = struct.unpack("!L", self._exactly(conn, 4))[0]
                    if size == 0:
                        break
                    content += self._exactly(conn, size)
                self.received.append(content)
                verdict = (
                    b"stream: Eicar-Signature FOUND\0" if b"EICAR" in content else b"stream: OK\0"
                )
                conn.sendall(verdict)

    @staticmethod
    def _exactly(conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            data += conn.recv(size - len(data))
        return data

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def clamd(settings: Any) -> Iterator[FakeClamd]:
    server = FakeClamd()
    settings.GLOBA_CLAMAV = server.address
    yield server
    server.close()


def test_files_are_scanned_when_a_scanner_is_configured(world: World, clamd: FakeClamd) -> None:
    client = world.client_for(world.bob)
    assert add(client, child_url(world)).status_code == 302
    infected = add(client, child_url(world), file=upload(PDF + b"EICAR-STANDARD-ANTIVIRUS-TEST"))
    assert "Eicar-Signature" in str(infected.context["form"].errors["file"])
    with as_system():
        assert [d.scanned for d in Document.objects.all()] == [True]
    assert clamd.received[0] == PDF


def test_an_unreachable_scanner_keeps_the_file_out(world: World, settings: Any) -> None:
    settings.GLOBA_CLAMAV = "tcp://127.0.0.1:9"
    response = add(world.client_for(world.bob), child_url(world))
    assert "neatsakė" in str(response.context["form"].errors["file"])


def test_a_fake_scanner_can_be_plugged_in(world: World, settings: Any) -> None:
    settings.GLOBA_VIRUS_SCANNER = "globa.documents.tests.test_documents.refuse_everything"
    response = add(world.client_for(world.bob), child_url(world))
    assert "Test-Virus" in str(response.context["form"].errors["file"])


def refuse_everything(stream: Any) -> scanning.ScanResult:
    return scanning.ScanResult(scanned=True, infected=True, signature="Test-Virus")


def test_a_case_document_is_seen_with_the_case_only(cases_world: World) -> None:
    from globa.api.tests.test_support_cases_oncall import open_case

    world = cases_world
    case = open_case(world)
    url = reverse("documents:case", kwargs={"case_id": case.pk})  # type: ignore[attr-defined]
    assert add(world.client_for(world.vaida), url).status_code == 302  # type: ignore[attr-defined]
    with as_system():
        document = Document.objects.get()
    download = reverse("documents:download", kwargs={"document_id": document.pk})
    assert world.client_for(world.alice).get(download).status_code == 404
    assert world.client_for(world.tomas).get(download).status_code == 200  # type: ignore[attr-defined]
    assert add(world.client_for(world.tomas), url).status_code == 403  # type: ignore[attr-defined]


def test_a_document_added_by_mistake_is_removed_with_its_file(
    world: World, documents_folder: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client_for(world.bob)
    add(client, child_url(world))
    with as_system():
        document = Document.objects.get()
    stored = documents_folder / document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:remove", kwargs={"document_id": document.pk}),
            {"next": child_url(world)},
        )
    assert response.status_code == 302
    with as_system():
        assert not Document.objects.exists()
    assert not stored.exists()
