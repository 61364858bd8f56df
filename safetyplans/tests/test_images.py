"""Bad uploads (issue 7): SVG, HTML renamed .png, a pixel bomb, over 10 MB — refused, nothing saved."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from safetyplans.models import Drawing
from safetyplans.services.images import clean_image
from safetyplans.tests.factories import ChildConversationFactory, drawing_for, png_upload

pytestmark = pytest.mark.django_db


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pixel_bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny file whose header claims 50k × 50k pixels (2.5 billion)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


BAD_UPLOADS = {
    "svg": (
        "tekening.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    ),
    "html_renamed_png": ("tekening.png", b"<html><script>alert(1)</script></html>", "image/png"),
    "pixel_bomb": ("bom.png", pixel_bomb_png(), "image/png"),
}


def _upload(client, case, conversation, name, content, content_type):
    url = reverse("safety-drawing-upload", kwargs={"case_code": case.code, "code": conversation.code})
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type=content_type), "house": "good"})


@pytest.mark.parametrize("kind", sorted(BAD_UPLOADS))
def test_worker_upload_of_a_non_image_is_refused(client_for, worker, case, kind, media_root):
    conversation = ChildConversationFactory(case=case)
    name, content, content_type = BAD_UPLOADS[kind]
    response = _upload(client_for(worker), case, conversation, name, content, content_type)
    assert response.status_code == 200
    message = " ".join(response.context["drawing_form"].errors["file"])
    assert "geen afbeelding" in message or "te veel pixels" in message
    assert message in response.content.decode()  # shown to the worker, in Dutch
    assert not Drawing.objects.exists()
    assert not any(media_root.rglob("*.*")) if media_root.exists() else True


def test_upload_over_ten_megabytes_is_refused(client_for, worker, case):
    conversation = ChildConversationFactory(case=case)
    big = png_bytes_padded(10 * 1024 * 1024 + 10)
    response = _upload(client_for(worker), case, conversation, "groot.png", big, "image/png")
    assert "groter dan 10 MB" in " ".join(response.context["drawing_form"].errors["file"])
    assert not Drawing.objects.exists()


def png_bytes_padded(size: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="PNG")
    data = out.getvalue()
    return data + b"\0" * (size - len(data))


def test_worker_uploads_a_drawing_which_is_reencoded_without_metadata(client_for, worker, case, media_root):
    conversation = ChildConversationFactory(case=case)
    out = io.BytesIO()
    image = Image.new("RGB", (800, 600), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010E] = "GPS secret"  # ImageDescription
    image.save(out, format="JPEG", exif=exif)
    response = _upload(client_for(worker), case, conversation, "foto.jpg", out.getvalue() + b"<script>", "image/jpeg")
    assert response.status_code == 302
    drawing = Drawing.objects.get()
    assert drawing.file.name.startswith(f"cases/{case.code}/drawings/")
    assert "foto" not in drawing.file.name
    stored = drawing.file.read()
    assert b"GPS secret" not in stored and b"<script>" not in stored
    with Image.open(io.BytesIO(stored)) as reread:
        assert reread.format in ("PNG", "JPEG") and not reread.getexif().get(0x010E)


def test_clean_image_refuses_pixel_bomb_before_decoding():
    with pytest.raises(Exception) as error:
        clean_image(SimpleUploadedFile("b.png", pixel_bomb_png(), content_type="image/png"))
    assert "pixels" in str(error.value) or "pixel" in str(error.value)


def test_drawing_download_is_an_attachment_that_is_never_sniffed(client_for, worker, case):
    drawing = drawing_for(case, ChildConversationFactory(case=case))
    response = client_for(worker).get(
        reverse("safety-drawing-download", kwargs={"case_code": case.code, "code": drawing.code})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Type"] in ("image/png", "image/jpeg")


def test_consultant_of_the_case_may_download_a_drawing(client_for, consultant_shared, case):
    drawing = drawing_for(case)
    url = reverse("safety-drawing-download", kwargs={"case_code": case.code, "code": drawing.code})
    assert client_for(consultant_shared).get(url).status_code == 200


def test_drawing_of_another_case_is_not_found(client_for, worker, case, other_case):
    drawing = drawing_for(other_case)
    url = reverse("safety-drawing-download", kwargs={"case_code": case.code, "code": drawing.code})
    assert client_for(worker).get(url).status_code == 404
    url = reverse("safety-drawing-download", kwargs={"case_code": other_case.code, "code": drawing.code})
    assert client_for(worker).get(url).status_code == 404


def test_anonymous_download_goes_to_login(client, case):
    drawing = drawing_for(case)
    response = client.get(reverse("safety-drawing-download", kwargs={"case_code": case.code, "code": drawing.code}))
    assert response.status_code == 302 and "login" in response["Location"]


def test_upload_png_helper_is_valid():
    assert clean_image(png_upload()).content_type == "image/png"
