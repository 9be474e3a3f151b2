"""Adding and removing documents. The file is checked before anything is kept: its size, its
type by content (``checks``), and for viruses when a scanner is configured (``scanning``).
The row and the stored file are written together; the audit trigger records the row."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.accounts.selectors import require_change
from globa.core.saving import saving
from globa.documents import checks, scanning
from globa.documents.models import Document, Kind
from globa.documents.permissions import Subject, may_change
from globa.lib import clock

OLDEST_DOCUMENT = dt.date(1990, 1, 1)


def max_bytes() -> int:
    return int(settings.GLOBA_DOCUMENT_MAX_MB) * 1024 * 1024


def document_add(
    *,
    by: User,
    subject: Subject,
    kind: str,
    dated_on: dt.date,
    description: str,
    upload: IO[bytes],
    name: str,
    size: int,
) -> Document:
    """Attach a file to the record, once it passed every check."""
    require_change(subject.may_change)
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choose what kind of document it is.")
    if dated_on > clock.today():
        errors["dated_on"] = _("The document's date cannot be in the future.")
    elif dated_on < OLDEST_DOCUMENT:
        errors["dated_on"] = _("Check the year: the date is before 1990.")
    file_type = None
    if size <= 0:
        errors["file"] = _("The file is empty.")
    elif size > max_bytes():
        errors["file"] = _("The file is larger than %(mb)d MB.") % {
            "mb": settings.GLOBA_DOCUMENT_MAX_MB
        }
    else:
        file_type = checks.detect(upload)
        if file_type is None:
            errors["file"] = _(
                "Globa keeps PDF documents, scans (PNG, JPEG, TIFF) and office documents "
                "(DOCX, XLSX, ODT); this file is none of them, whatever its name says."
            )
    if errors:
        raise ValidationError(errors)
    assert file_type is not None
    try:
        result = scanning.scan(upload)
    except scanning.ScannerUnavailable:
        raise ValidationError(
            {"file": _("The virus scanner did not answer; nothing was saved. Try again later.")}
        ) from None
    if result.infected:
        raise ValidationError(
            {
                "file": _("The virus scanner found %(what)s in the file; it was not saved.")
                % {"what": result.signature or _("a threat")}
            }
        )
    digest = hashlib.sha256()
    upload.seek(0)
    while chunk := upload.read(64 * 1024):
        digest.update(chunk)
    upload.seek(0)
    clean = checks.clean_name(name, file_type)
    document = Document(
        organisation_id=subject.organisation_id,
        kind=kind,
        dated_on=dated_on,
        description=description.strip(),
        original_name=clean,
        content_type=file_type.content_type,
        size=size,
        sha256=digest.hexdigest(),
        scanned=result.scanned,
        added_by=by,
        added_at=clock.now(),
        subject_kind=subject.subject_kind,
        **{subject.field: subject.record},
    )
    # The file under the document's id, then the row; a row that cannot be saved takes its
    # file away again.
    document.file.save(clean, File(upload, name=clean), save=False)
    try:
        with saving():
            document.save(force_insert=True)
    except Exception:
        document.file.storage.delete(document.file.name or "")
        raise
    return document


def document_remove(*, by: User, document: Document) -> None:
    """Remove a document added by mistake: the row (audited) and, once that is committed,
    the file."""
    require_change(may_change(by, document))
    name, file_storage = document.file.name or "", document.file.storage
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: file_storage.delete(name))
