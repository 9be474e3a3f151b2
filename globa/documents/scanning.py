"""Checking an uploaded file for viruses, when a scanner is configured.

With ``GLOBA_CLAMAV`` set (``tcp://host:3310`` or ``unix:///run/clamav/clamd.ctl``), every
file is sent to the ClamAV daemon (clamd) with its INSTREAM command before it is stored; a
file it finds infected is refused, and a scanner that cannot be reached refuses the upload
rather than letting an unchecked file through. Without it, files are stored unscanned and
marked so. ``GLOBA_VIRUS_SCANNER`` may name another function with the same signature.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from typing import IO
from urllib.parse import urlparse

from django.conf import settings
from django.utils.module_loading import import_string

CHUNK = 64 * 1024


@dataclass(frozen=True)
class ScanResult:
    scanned: bool
    infected: bool = False
    signature: str = ""


class ScannerUnavailable(Exception):
    """The configured scanner did not answer."""


def scan(stream: IO[bytes]) -> ScanResult:
    """Scan the file with the configured scanner (or none)."""
    custom = getattr(settings, "GLOBA_VIRUS_SCANNER", "")
    if custom:
        result: ScanResult = import_string(custom)(stream)
        return result
    address = getattr(settings, "GLOBA_CLAMAV", "")
    if not address:
        return ScanResult(scanned=False)
    return clamd_scan(address, stream)


def _connect(address: str, timeout: float) -> socket.socket:
    parsed = urlparse(address)
    if parsed.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(parsed.path)
        return sock
    return socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 3310), timeout)


def clamd_scan(address: str, stream: IO[bytes], timeout: float = 30.0) -> ScanResult:
    """Send the file to clamd (INSTREAM) and read its verdict."""
    stream.seek(0)
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    finally:
        stream.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace")
    if answer.endswith("OK"):
        return ScanResult(scanned=True)
    if answer.endswith("FOUND"):
        signature = answer.split(":", 1)[-1].removesuffix("FOUND").strip()
        return ScanResult(scanned=True, infected=True, signature=signature)
    raise ScannerUnavailable(answer or "no answer")
