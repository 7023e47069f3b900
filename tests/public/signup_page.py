"""What the signup form tests share: its address and readers of the page."""

import html
import re

from partnerships.models import Commitment

SIGNUP_URL = "/signup/"


def error_next_to(response, field_id: str) -> str:
    """Return the text of the error shown right under the field *field_id*."""
    match = re.search(
        rf'<div id="id_{re.escape(field_id)}_error" class="invalid-feedback">(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    assert match, f"no error shown next to {field_id}"
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def form_top(response) -> str:
    """Return the text of the summary above the form."""
    match = re.search(
        r'<div class="alert alert-danger bw-form-problems"[^>]*>(.*?)</div>', response.content.decode(), re.S
    )
    assert match, "no summary above the form"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def required_labels():
    """The required commitments as the signup form words them."""
    return [
        commitment.signup_label
        for commitment in Commitment.objects.filter(is_active=True, level=Commitment.Level.REQUIRED).order_by(
            "position"
        )
    ]
